"""At most one payment of a dossier is open: switching channel cancels the open one; a bank transfer
for a cancelled VietQR code still counts and then closes the rest. No gateway is reachable here, so
the status query before cancelling fails and the payment is cancelled all the same."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments import conf
from motcua.payments.gateways import vnpay_style
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services.payments import start_payment, vnpay_ipn
from motcua.payments.services.reconcile import Row, reconcile
from tests.helpers import as_
from tests.payments.conftest import free_port


@pytest.fixture
def unreachable_gateways(settings: Any) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.MOTCUA_PAYGATE_A_URL = f"{closed}/national"
    settings.MOTCUA_PAYGATE_B_URL = f"{closed}/vnpay"


@pytest.mark.django_db
def test_switching_channel_cancels_the_open_payment(world: Any, fee_dossier: Any, unreachable_gateways: None) -> None:
    qr = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    assert start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment.pk == qr.pk  # same QR
    b = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="gateway_b").payment
    assert list(Payment.objects.order_by("id").values_list("channel", "status", "failure_reason")) == [
        ("vietqr", "cancelled", f"superseded by {b.reference}"),
        ("gateway_b", "pending", ""),
    ]
    # Back to VietQR: the gateway cannot be asked (unreachable), its payment is cancelled anyway.
    qr2 = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    assert qr2.pk not in (qr.pk, b.pk)
    assert list(Payment.objects.order_by("id").values_list("channel", "status")) == [
        ("vietqr", "cancelled"),
        ("gateway_b", "cancelled"),
        ("vietqr", "pending"),
    ]
    assert PaymentCallback.objects.filter(kind="query").count() == 0  # the query never reached a gateway


@pytest.mark.django_db
def test_transfer_to_a_cancelled_qr_code_settles_it_and_closes_the_newer_payment(
    world: Any, fee_dossier: Any, unreachable_gateways: None
) -> None:
    qr = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    b = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="gateway_b").payment
    result = reconcile(
        [Row(booked_at=qr.created_at, bank_reference="FT77", amount=10000, content=f"CK {fee_dossier.code}")]
    )
    assert [(x.status, x.payment_id) for x in result.matched] == [("matched", qr.pk)]
    assert list(Payment.objects.order_by("id").values_list("channel", "status", "failure_reason")) == [
        ("vietqr", "paid", f"superseded by {b.reference}"),
        ("gateway_b", "cancelled", f"superseded by {qr.reference}"),
    ]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED
    # The gateway's notification of the cancelled payment is answered "already confirmed", outcome "late".
    params = {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": b.reference,
        "vnp_Amount": "1000000",
        "vnp_CurrCode": "VND",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "123",
    }
    signed = dict(parse_qsl(vnpay_style.signed_query(params, conf.gateway_b_secret())))
    assert vnpay_ipn(signed) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert list(PaymentCallback.objects.filter(payment=b).values_list("kind", "outcome")) == [("notify", "late")]
    assert Payment.objects.get(pk=b.pk).status == "cancelled"
