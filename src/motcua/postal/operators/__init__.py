"""Postal operators (doanh nghiệp bưu chính), one plugin folder each (``core.plugins``, kind ``postal_operator``).

Each folder's ``__init__`` is its wire protocol (pure functions, shared by our client and the local
peer), ``client.py`` our side behind ``Operator``, ``plugin.py`` the registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.core.errors import DomainError

if TYPE_CHECKING:
    from motcua.postal.models import PostalOrder


class OperatorError(DomainError):
    """The operator could not be reached or answered something we cannot use (retry later)."""

    http_status = 502
    default_code = "postal_unreachable"


class OperatorRefused(DomainError):
    """The operator answered and refused the order (bad address, ...): retrying the same order cannot help."""

    http_status = 422
    default_code = "postal_refused"


@dataclass(frozen=True)
class Created:
    tracking_number: str
    fee: int
    raw: dict[str, Any]


@dataclass(frozen=True)
class StatusNotice:
    """A status webhook, read: ``signed`` is False when its signature is wrong."""

    signed: bool
    event_id: str
    reference: str
    tracking_number: str
    status: str
    at: str
    note: str
    raw: dict[str, Any]


@runtime_checkable
class Operator(Protocol):
    def create(self, order: PostalOrder) -> Created:
        """Create the order (idempotent by ``order.reference``); OperatorError / OperatorRefused."""
        ...

    def cancel(self, order: PostalOrder) -> None: ...

    def read(self, body: bytes, signature: str) -> StatusNotice:
        """Verify and parse a status webhook; ValueError when the body is not the protocol's JSON."""
        ...


def operator(name: str) -> Operator:
    client = plugins.get(plugins.Kind.POSTAL_OPERATOR, name).client
    if not isinstance(client, Operator):
        raise OperatorError(_("Chưa cấu hình doanh nghiệp bưu chính."), details={"operator": name})
    return client
