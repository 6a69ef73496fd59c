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


class RemoteSigningError(SigningUnavailable):
    """A remote signing service (Cloud Signature Consortium API) answered, but did not sign."""

    def __init__(self, message: object, *, code: str, detail: str) -> None:
        DomainError.__init__(self, message, code=code, details={"reason": detail})


class SignatureRefused(RemoteSigningError):
    """The signer refused the request on their device (phone): nothing was signed."""

    http_status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(
            _("Người ký đã từ chối yêu cầu ký trên thiết bị của mình; văn bản chưa được ký."),
            code="signature_refused",
            detail=detail,
        )


class SignatureTimedOut(RemoteSigningError):
    """The signer did not approve the request within ``MOTCUA_SIGNING_CSC_TIMEOUT``: nothing was signed."""

    http_status = 504

    def __init__(self, seconds: float, detail: str) -> None:
        super().__init__(
            _("Người ký chưa xác nhận yêu cầu ký trong %(seconds)s giây; văn bản chưa được ký.")
            % {"seconds": f"{seconds:g}"},
            code="signature_timeout",
            detail=detail,
        )


class UnknownCredential(RemoteSigningError):
    """The remote signing service holds no credential (key and certificate) under the configured id."""

    def __init__(self, credential_id: str, detail: str) -> None:
        super().__init__(
            _("Dịch vụ ký số từ xa không có chứng thư số “%(credential)s” đã cấu hình.")
            % {"credential": credential_id},
            code="unknown_credential",
            detail=detail,
        )
