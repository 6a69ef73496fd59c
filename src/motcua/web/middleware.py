"""End officials' sessions after a period of inactivity (counters are shared machines)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

KEY = "motcua_last_seen"


class OfficialSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_official", False):
            now = time.time()
            last = request.session.get(KEY)
            if last is not None and now - float(last) > settings.MOTCUA_OFFICIAL_IDLE_SECONDS:
                logout(request)
            else:
                request.session[KEY] = now
        return self.get_response(request)


class AdminStyleCSPMiddleware:
    """Allow inline styles on /admin/ only: Django's admin widgets set them. Scripts stay 'self'."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
        return response
