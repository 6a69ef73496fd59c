"""The payment service finds a payment's gateway in the registry by its channel.

A third gateway, registered here only, is used for its channel (start, notification, status query)
without the service knowing it; a channel with no gateway, or a gateway registered without a client,
is a ``bad_channel`` error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from motcua.core import plugins
from motcua.core.errors import ValidationError
from motcua.core.plugins import Health, Kind
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status as DossierStatus
from motcua.payments.gateways import Notice, Sent, Start, Status, Verdict, gateway
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services.payments import notify, query_status, start_payment
from tests.helpers import as_

CHANNEL = "gateway_test"


@dataclass
class ThirdGateway:
    """A gateway that signs with the word "good" and pays at https://third.example/pay/<reference>."""

    started: list[str] = field(default_factory=list)
    state: str = "pending"

    def start(self, payment: Payment) -> Start:
        self.started.append(payment.reference)
        return Start(redirect_url=f"https://third.example/pay/{payment.reference}")

    def send(self, request: dict[str, Any]) -> Sent:
        raise NotImplementedError

    def read(self, body: dict[str, Any]) -> Notice:
        return Notice(
            raw=body,
            signed=body.get("sig") == "good",
            reference=str(body.get("ref", "")),
            amount_ok=lambda amount: body.get("amount") == amount,
            paid=body.get("ok") is True,
            gateway_reference=str(body.get("txn", "")),
            failure_reason="refused",
        )

    def answer(self, notice: Notice, verdict: Verdict) -> dict[str, Any]:
        return {"code": verdict.value, "ref": notice.reference}

    def query(self, payment: Payment) -> Status:
        return Status(
            answer={"state": self.state}, signature_ok=True, state=self.state, amount_ok=True, gateway_reference="Q1"
        )


@pytest.fixture
def third() -> Iterator[ThirdGateway]:
    client = ThirdGateway()
    plugins.register(
        plugins.Plugin(
            kind=Kind.PAYMENT_GATEWAY,
            name=CHANNEL,
            title="Third",
            settings=(),
            check=lambda: Health(True, "test"),
            client=client,
        )
    )
    yield client
    plugins.registry(Kind.PAYMENT_GATEWAY).unregister(CHANNEL)


@pytest.mark.django_db
def test_a_third_gateway_is_used_for_its_channel(world: Any, fee_dossier: Any, third: ThirdGateway) -> None:
    started = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel=CHANNEL)
    payment = started.payment
    assert (payment.channel, payment.status, payment.amount) == (CHANNEL, "pending", 10000)
    assert third.started == [payment.reference]
    assert started.redirect_url == f"https://third.example/pay/{payment.reference}" == payment.payment_url

    assert notify(CHANNEL, {"ref": payment.reference, "amount": 10000, "ok": True, "sig": "bad"}) == {
        "code": "bad_signature",
        "ref": payment.reference,
    }
    assert (
        notify(CHANNEL, {"ref": payment.reference, "amount": 9000, "ok": True, "sig": "good"})["code"] == "bad_amount"
    )
    body = {"ref": payment.reference, "amount": 10000, "ok": True, "sig": "good", "txn": "T9"}
    assert notify(CHANNEL, body) == {"code": "paid", "ref": payment.reference}
    assert notify(CHANNEL, body) == {"code": "duplicate", "ref": payment.reference}
    paid = Payment.objects.get(pk=payment.pk)
    assert (paid.status, paid.gateway_reference) == ("paid", "T9")
    assert Dossier.objects.get(pk=fee_dossier.pk).status == DossierStatus.RECEIVED
    assert list(PaymentCallback.objects.order_by("id").values_list("channel", "outcome", "signature_ok")) == [
        (CHANNEL, "bad_signature", False),
        (CHANNEL, "bad_amount", True),
        (CHANNEL, "paid", True),
        (CHANNEL, "duplicate", True),
    ]


@pytest.mark.django_db
def test_the_status_query_goes_to_the_payments_gateway(world: Any, fee_dossier: Any, third: ThirdGateway) -> None:
    payment = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel=CHANNEL).payment
    assert query_status(payment.pk, actor=as_(world, "citizen")).status == "pending"
    third.state = "paid"
    settled = query_status(payment.pk, actor=as_(world, "citizen"))
    assert (settled.status, settled.gateway_reference) == ("paid", "Q1")
    assert list(PaymentCallback.objects.values_list("kind", "outcome")) == [("query", "pending"), ("query", "paid")]


@pytest.mark.django_db
def test_a_channel_without_a_gateway_is_a_bad_channel(world: Any, fee_dossier: Any) -> None:
    with pytest.raises(ValidationError) as started:
        start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel=CHANNEL)
    assert (started.value.code, started.value.details) == (
        "bad_channel",
        {"channel": CHANNEL, "allowed": ["gateway_a", "gateway_b", "vietqr"]},
    )
    with pytest.raises(ValidationError) as notified:
        notify(CHANNEL, {"ref": "MC1"})
    assert notified.value.code == "bad_channel"
    assert str(notified.value) == "Hình thức thanh toán không hợp lệ."
    assert not Payment.objects.exists() and not PaymentCallback.objects.exists()


def test_a_gateway_registered_without_a_client_is_a_bad_channel() -> None:
    plugins.register(
        plugins.Plugin(
            kind=Kind.PAYMENT_GATEWAY, name=CHANNEL, title="Bare", settings=(), check=lambda: Health(True, "")
        )
    )
    try:
        with pytest.raises(ValidationError) as error:
            gateway(CHANNEL)
    finally:
        plugins.registry(Kind.PAYMENT_GATEWAY).unregister(CHANNEL)
    assert (error.value.code, error.value.details) == (
        "bad_channel",
        {"channel": CHANNEL, "allowed": ["gateway_a", "gateway_b"]},
    )


def test_the_two_gateways_have_clients() -> None:
    assert [type(gateway(name)).__name__ for name in ("gateway_a", "gateway_b")] == ["NationalClient", "VnpayClient"]
