"""The site's 404, 405 and 500 answers: JSON ``{code, message, details}`` under ``/api/`` (like every
other API error, ``motcua.api.errors``), the Vietnamese error pages everywhere else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _api_error(code: str, message: str, status: int, details: dict[str, object] | None = None) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "details": details or {}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A path no route matches: under /api/ a JSON "not_found", elsewhere the 404 page."""
    if request.path.startswith(API_PREFIX):
        return _api_error("not_found", _("Không tìm thấy."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """An unexpected failure: under /api/ a JSON "server_error", elsewhere the 500 page."""
    if request.path.startswith(API_PREFIX):
        return _api_error("server_error", _("Hệ thống gặp lỗi, vui lòng thử lại sau."), 500)
    return defaults.server_error(request)


class ApiMethodNotAllowedMiddleware:
    """A method a route of the API does not take: django-ninja answers a text 405; the API answers JSON.

    ``{"code": "method_not_allowed", …, "details": {"allowed": [...]}}`` with the ``Allow`` header kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 405 or not request.path.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())  # ninja: set order
        message = _("Địa chỉ này không nhận phương thức %(method)s.") % {"method": request.method}
        answer = _api_error("method_not_allowed", message, 405, {"allowed": allowed})
        if allowed:
            answer["Allow"] = ", ".join(allowed)
        return answer
