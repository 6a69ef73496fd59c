"""The site's 404 and 500 answers: JSON ``{code, message, details}`` under ``/api/`` (like every other API
error, ``motcua.api.errors``), the Vietnamese error pages everywhere else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "details": {}}, status=status, json_dumps_params={"ensure_ascii": False}
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
