"""Errors of the signing service (core/errors.py: code, translatable message, details)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError, ValidationError


class SigningUnavailable(DomainError):
    """The key, the time-stamp authority or the revocation data could not be reached or used."""

    http_status = 503
    default_code = "signing_unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(_("Không ký số được lúc này."), details={"reason": detail})


class NotAPdf(ValidationError):
    default_code = "not_a_pdf"

    def __init__(self, detail: str) -> None:
        super().__init__(_("Tệp không phải là tệp PDF đọc được."), details={"reason": detail})
