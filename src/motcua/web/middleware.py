"""Page middleware: the pages' language, the officials' idle timeout, the admin's inline styles."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

KEY = "motcua_last_seen"
# Machine clients choose their language with Accept-Language, as HTTP intends (api/fastpath.py too).
API_PREFIXES = ("/api/", "/open311/")


def page_language(request: HttpRequest) -> str:
    """The language of a page: the one chosen with the switch (the language cookie), else Vietnamese.

    The browser's Accept-Language is not used: a citizen whose phone is set to English still gets
    the Vietnamese portal, and changes it only with the visible "English" / "Tiếng Việt" switch
    (``web/_language_switch.html``, Django's ``set_language`` view, which stores the cookie).
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class SiteLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` for the API; for pages, :func:`page_language` (no Accept-Language)."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(API_PREFIXES):
            super().process_request(request)
            return
        translation.activate(page_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path_info.startswith(API_PREFIXES):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class OfficialSessionTimeoutMiddleware:
    """End officials' sessions after a period of inactivity (counters are shared machines)."""

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
