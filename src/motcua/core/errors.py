"""Domain errors: a machine-readable code, a translatable message and details.

Services raise these; the API turns them into ``{code, message, details}`` with the HTTP status
named here, the web pages show the message. Nothing else should decide an error's status.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every error a user can cause. Subclasses fix ``http_status``."""

    http_status = 400
    default_code = "invalid"

    def __init__(self, message: Any, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.details = details if details is not None else {}


class ValidationError(DomainError):
    http_status = 422
    default_code = "validation_error"


class NotFound(DomainError):
    http_status = 404
    default_code = "not_found"


class PermissionDenied(DomainError):
    http_status = 403
    default_code = "forbidden"


class NotAuthenticated(DomainError):
    http_status = 401
    default_code = "not_authenticated"


class Conflict(DomainError):
    """The resource changed under the caller (another official acted first)."""

    http_status = 409
    default_code = "conflict"


class InvalidTransition(Conflict):
    default_code = "invalid_transition"


class PayloadTooLarge(DomainError):
    http_status = 413
    default_code = "payload_too_large"


class TooManyRequests(DomainError):
    """A rate limit is reached; the caller may try again later."""

    http_status = 429
    default_code = "rate_limited"


def not_found(what: str = "") -> NotFound:
    """Return the 404 used when an object does not exist *or* the caller may not see it."""
    return NotFound(_("Không tìm thấy."), details={"object": what} if what else None)
