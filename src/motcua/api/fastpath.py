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
import weakref
from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from motcua.api.json_renderer import ApiJSONEncoder
from motcua.dossiers.tracking import public_status

PREFIX = "/api/v1/track/"
_instances: weakref.WeakSet[PublicTrackingMiddleware] = weakref.WeakSet()


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    for instance in _instances:
        instance.added = None


def _unused(request: HttpRequest) -> HttpResponse:  # the wrapped middlewares' get_response is never called
    raise AssertionError("not called")


class PublicTrackingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.headers = (XFrameOptionsMiddleware(_unused), CSPMiddleware(_unused))
        self.added: list[tuple[str, str]] | None = None  # what they add to a tracking answer
        _instances.add(self)

    def _add_headers(self, request: HttpRequest, response: HttpResponse) -> None:
        """X-Frame-Options and the Content-Security-Policy, as the real middleware sets them.

        They are the same for every tracking answer (no nonce is used), and building the policy
        was a sixth of the request's time: the first answer runs the middleware, later ones copy
        what it added. A settings change (tests) starts over.
        """
        if self.added is None:
            before = set(response.headers)
            for middleware in self.headers:
                middleware.process_response(request, response)
            self.added = [(k, v) for k, v in response.headers.items() if k not in before]
            return
        for name, value in self.added:
            response.headers[name] = value

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if request.method != "GET" or not path.startswith(PREFIX) or "/" in path[len(PREFIX) :] or path == PREFIX:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a Host outside ALLOWED_HOSTS, as CommonMiddleware does
        language = translation.get_language_from_request(request)
        with translation.override(language):
            data = public_status(path[len(PREFIX) :])
            if data is None:
                return self.get_response(request)
            body = json.dumps(data, cls=ApiJSONEncoder, ensure_ascii=False).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        self._add_headers(request, response)
        response.headers["Content-Length"] = str(len(body))
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
