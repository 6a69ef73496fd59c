"""Public tracking without the session, authentication, CSRF, message and lockout middleware.

``GET /api/v1/track/<code>`` is the busiest public endpoint and needs none of them: it is
anonymous, reads one row and sets no cookie. This middleware sits right after Django's
SecurityMiddleware and answers it with the same body and headers as the full stack (the ninja
route ``api.routes.tracking``): the language is chosen as LocaleMiddleware chooses it, the Host
header is checked against ALLOWED_HOSTS, and X-Frame-Options and the Content-Security-Policy are
added by the real middleware classes. Anything else, including an unknown code, goes down the
full stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja.responses import NinjaJSONEncoder

from motcua.dossiers.tracking import public_status

PREFIX = "/api/v1/track/"


def _unused(request: HttpRequest) -> HttpResponse:  # the wrapped middlewares' get_response is never called
    raise AssertionError("not called")


class PublicTrackingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.headers = (XFrameOptionsMiddleware(_unused), CSPMiddleware(_unused))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if request.method != "GET" or not path.startswith(PREFIX) or "/" in path[len(PREFIX):] or path == PREFIX:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a Host outside ALLOWED_HOSTS, as CommonMiddleware does
        language = translation.get_language_from_request(request)
        with translation.override(language):
            data = public_status(path[len(PREFIX):])
            if data is None:
                return self.get_response(request)
            body = json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        self.headers[0].process_response(request, response)  # X-Frame-Options, set in place
        self.headers[1].process_response(request, response)  # Content-Security-Policy, set in place
        response.headers["Content-Length"] = str(len(body))
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
