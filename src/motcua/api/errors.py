"""Every API error is JSON ``{code, message, details}`` with the right HTTP status, its message in the
request's language (input validation: ``motcua.api.validation``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.api.validation import clean_errors, ninja_message
from motcua.core.errors import DomainError


def body(code: str, message: Any, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "details": details if details is not None else {}}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, body(exc.code, exc.message, exc.details), status=exc.http_status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request,
            body("validation_error", _("Dữ liệu gửi lên không hợp lệ."), {"errors": clean_errors(exc.errors)}),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, body("not_authenticated", _("Vui lòng đăng nhập.")), status=401)

    @api.exception_handler(AuthorizationError)
    def authz_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return api.create_response(request, body("forbidden", _("Không có quyền truy cập.")), status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, body("not_found", _("Không tìm thấy.")), status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, body("http_error", ninja_message(str(exc.message))), status=exc.status_code)
