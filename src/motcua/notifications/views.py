"""Pages under /thong-bao/: my notices, and the channels I receive them on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.notifications import conf, selectors, services
from motcua.notifications.forms import PreferencesForm


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.notices_for(request.user)
    page = Paginator(qs, 20).get_page(request.GET.get("trang"))
    return render(request, "notifications/list.html", {"page": page, "unread": qs.filter(read_at__isnull=True).count()})


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    try:
        notice = services.notice_mark_read(user=request.user, notice_id=notice_id)
    except DomainError as exc:
        return render(request, "notifications/error.html", {"message": exc.message}, status=exc.http_status)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/_notice.html", {"notice": notice})
    return redirect("notifications:list")


@login_required
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_mark_all_read(user=request.user)
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    available = {"in_app": True, "email": conf.email_enabled(), "sms": conf.sms_enabled(), "zalo": conf.zalo_enabled()}
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_set(user=request.user, choices=dict(form.cleaned_data))
            messages.success(request, _("Đã lưu cài đặt thông báo."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=services.preferences_of(request.user))
    user = request.user
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "available": available,
            "email": getattr(user, "email", ""),
            "phone": getattr(user, "phone", ""),
        },
    )
