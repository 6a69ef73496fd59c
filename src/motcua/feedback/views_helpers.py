"""Shared bits of the feedback pages: login redirects and showing domain errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from motcua.core.actor import Actor
from motcua.core.errors import DomainError


def actor(request: HttpRequest, channel: str = "web") -> Actor:
    return Actor(user=request.user, channel=channel)


def login_first(request: HttpRequest) -> HttpResponse | None:
    """Return the redirect to the login page for anonymous visitors, else None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("web:login"))
    return None


def error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Render a domain error as a page with its HTTP status (404 never says more than "not found")."""
    return render(request, "feedback/error.html", {"message": exc.message, "code": exc.code}, status=exc.http_status)


def add_error(form: Any, exc: DomainError) -> None:
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    form.add_error(field if field in form.fields else None, str(exc.message))
