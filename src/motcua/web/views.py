"""Login, logout and citizen registration."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from motcua.accounts.providers.vneid import conf as eid_conf
from motcua.accounts.services import citizen_register
from motcua.core.errors import DomainError
from motcua.web.eid import provider_logout_url
from motcua.web.forms import RegisterForm


class MotcuaLoginView(LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "eid_enabled": eid_conf.configured()}

    def get_default_redirect_url(self) -> str:
        user: Any = self.request.user
        return reverse("backoffice:home" if getattr(user, "is_official", False) else "portal:account")


class MotcuaLogoutView(LogoutView):
    """Log out; a session that came from an e-ID login also ends at the provider (RP-initiated logout)."""

    next_page = "portal:home"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return redirect(provider) if provider else response


def register(request: HttpRequest) -> HttpResponse:
    """Create a citizen account (đăng ký tài khoản công dân) and log in."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = citizen_register(
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                personal_id=data["personal_id"],
                phone=data["phone"],
                email=data["email"],
                address=data["address"],
            )
        except DomainError as exc:
            fields = (exc.details.get("fields") if isinstance(exc.details, dict) else None) or {}
            for name, message in fields.items():
                form.add_error(name if name in form.fields else None, str(message))
            if not fields:
                form.add_error(None, str(exc.message))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("portal:account")
            return redirect(target)
    # Errors re-render the form with 200, like every page form here (browsers log 4xx pages as errors).
    return render(request, "web/register.html", {"form": form})
