"""The payment gateways, one plugin folder each (``core.plugins``, kind ``payment_gateway``).

Each folder's ``__init__`` is its wire protocol: pure functions that build, sign and verify
messages, neither touching the database nor the network, shared by our client and the simulator.
Its ``client.py`` is our side of the conversation behind the ``Gateway`` interface below (start a
payment, read a notification and say what to answer, ask for a status), and its ``plugin.py``
registers it: the settings keys it reads, its health check, its local peer and the client.
``payments/services/payments.py`` holds what every gateway shares (records, amount, expiry and
duplicate checks, settling, the outbox, audit) and finds the gateway of a payment by its channel:
``gateway(payment.channel)``.

``national`` is the national payment platform style (domain.md §9), ``vnpay_style`` a commercial
gateway in the VNPay style. ``simulator.py`` speaks both from the gateway side: the local peer
``motcua sim paygate`` (also ``motcua paygate_sim``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core import plugins
from motcua.core.errors import ValidationError
from motcua.core.plugins import Peer
from motcua.payments import conf

if TYPE_CHECKING:
    from motcua.payments.models import Payment

PAYGATE = Peer(
    name="paygate",
    command="paygate_sim",
    help="the payment gateway simulator (national platform and VNPay style)",
    demo=True,
    demo_args=("--ipn-url", "{url:api-v1:vnpay_ipn}"),  # server to server, on this machine
    demo_env=(("MOTCUA_PAYGATE_A_URL", "{url}/national"), ("MOTCUA_PAYGATE_B_URL", "{url}/vnpay")),
)


@dataclass(frozen=True)
class Start:
    """How a payment starts: a ``redirect_url`` at once, or a signed ``request`` to ``send`` first."""

    redirect_url: str = ""
    request: dict[str, Any] | None = None


@dataclass(frozen=True)
class Sent:
    """The gateway's answer to a start request.

    ``signature_ok``: the answer is signed; ``accepted``: signed and the gateway says yes;
    ``reference``: the payment reference it answered for; ``code``: its result code.
    """

    answer: dict[str, Any]
    signature_ok: bool
    accepted: bool
    reference: str
    redirect_url: str
    gateway_reference: str
    code: str
    details: dict[str, str]


@dataclass(frozen=True)
class Notice:
    """A result notification (callback, IPN), read: gateway-neutral."""

    raw: dict[str, Any]
    signed: bool  # signature and merchant code both right
    reference: str  # our payment reference
    amount_ok: Callable[[int], bool] = field(default=lambda amount: False, compare=False)  # amount, currency match
    paid: bool = False
    gateway_reference: str = ""
    failure_reason: str = ""  # why it failed, when not paid


class Verdict(enum.StrEnum):
    """What the service decided about a notification; ``outcome`` is what is recorded."""

    BAD_SIGNATURE = "bad_signature"
    NOT_FOUND = "not_found"
    BAD_AMOUNT = "bad_amount"
    CLOSED = "closed"  # the payment was closed without money (expired, cancelled) before
    DUPLICATE = "duplicate"  # the payment was settled before
    EXPIRED = "expired"  # the payment expired before the notification came
    PAID = "paid"
    FAILED = "failed"

    @property
    def outcome(self) -> str:
        return "late" if self in (Verdict.CLOSED, Verdict.EXPIRED) else self.value


@dataclass(frozen=True)
class Status:
    """The signed answer to a status query: ``state`` is paid, failed, pending or not_found."""

    answer: dict[str, Any]
    signature_ok: bool  # signed, and for the payment asked about
    state: str
    amount_ok: bool
    gateway_reference: str


@runtime_checkable
class Gateway(Protocol):
    """Our client of one payment gateway: the gateway-specific half of a payment."""

    def start(self, payment: Payment) -> Start:
        """Build what starts ``payment`` (inside its transaction; no network)."""
        ...

    def send(self, request: dict[str, Any]) -> Sent:
        """Send a start request (outside any transaction); GatewayError when unreachable."""
        ...

    def read(self, body: dict[str, Any]) -> Notice:
        """Verify and parse a result notification."""
        ...

    def answer(self, notice: Notice, verdict: Verdict) -> dict[str, Any]:
        """The body answering the notification."""
        ...

    def query(self, payment: Payment) -> Status:
        """Ask the gateway for the status of ``payment`` (outside any transaction)."""
        ...


def return_url(payment: Payment) -> str:
    """Where the gateway sends the browser back: the payment's result page."""
    return conf.public_url() + reverse("payments:result", args=[payment.reference])


def channels() -> list[str]:
    """The channels of the registered payment gateways that have a client, in registration order."""
    return [p.name for p in plugins.registry(plugins.Kind.PAYMENT_GATEWAY) if isinstance(p.client, Gateway)]


def gateway(channel: str) -> Gateway:
    """The client of the gateway registered for ``channel``; a ``bad_channel`` error if none is."""
    registry = plugins.registry(plugins.Kind.PAYMENT_GATEWAY)
    client = registry.get(channel).client if channel in registry else None
    if not isinstance(client, Gateway):
        raise ValidationError(
            _("Hình thức thanh toán không hợp lệ."),
            code="bad_channel",
            details={"channel": channel, "allowed": channels()},
        )
    return client
