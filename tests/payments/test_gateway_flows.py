"""Both online gateways end to end: our API starts the payment, the simulator (a separate
process) plays the gateway and calls our callback endpoint on the live server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services.payments import query_status
from tests.helpers import api_client, as_
from tests.payments.sim_client import get_page, press

pytestmark = pytest.mark.django_db(transaction=True)


def start(world: Any, dossier: Any, channel: str) -> tuple[Payment, str]:
    response = api_client(world.user("citizen")).post(
        f"/api/v1/dossiers/{dossier.code}/payments", {"channel": channel}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get(pk=body["payment"]["id"])
    assert (body["payment"]["status"], body["payment"]["amount"], body["vietqr"]) == ("pending", 10000, None)
    return payment, body["redirect_url"]


def outcomes(payment: Payment) -> list[str]:
    return list(PaymentCallback.objects.filter(payment=payment, kind="notify").values_list("outcome", flat=True))


def notices(event: str) -> list[dict[str, Any]]:
    return [
        m.payload for m in OutboxMessage.objects.filter(topic="notify").order_by("id") if m.payload["event"] == event
    ]


# --- gateway A: national payment platform ---------------------------------------------------


def test_national_success_marks_paid_and_resumes_the_dossier(
    world: Any, fee_dossier: Any, paygate: Any, live_server: Any
) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    assert url.startswith(f"{paygate.url}/national/pay/GD")
    page = get_page(url)
    assert "Thanh toán thành công" in page and "Thất bại" in page and fee_dossier.code in page
    assert "Số tiền: <strong>10.000 đ</strong>" in page and "Nguyễn Thị Hằng" in page
    assert '<option value="bad_signature">Sai chữ ký</option>' in page  # the test faults, named in Vietnamese
    location = press(url, "success")
    back = urlsplit(location)
    assert f"{back.scheme}://{back.netloc}{back.path}" == f"{live_server.url}/thanh-toan/ket-qua/{payment.reference}/"
    assert dict(parse_qsl(back.query))["TrangThai"] == "00"
    # The simulator's pages are Vietnamese too: no raw status, no "VND".
    again = get_page(url)
    assert "Giao dịch đã kết thúc: đã thanh toán." in again and "paid" not in again and "VND" not in again
    payment.refresh_from_db()
    assert (payment.status, payment.gateway_reference) == ("paid", url.rsplit("/", 1)[-1])
    d = Dossier.objects.get(pk=fee_dossier.pk)
    assert (d.status, d.national_status) == (Status.RECEIVED, 2)
    assert d.events.filter(action="fee_paid").count() == 1
    assert d.events.get(action="fee_paid").actor_role == "system"
    assert outcomes(payment) == ["paid"]
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["00"]
    received = notices("payment_received")
    assert received == [
        {
            "event": "payment_received",
            "dossier_id": d.pk,
            "user_id": world.user("citizen").pk,
            "email": "hang@example.vn",
            "phone": "0912345678",
            "context": {
                "code": d.code,
                "amount": "10000",
                "channel": "Cổng thanh toán quốc gia",
                "reference": payment.reference,
                "receipt_url": f"{live_server.url}/thanh-toan/bien-lai/{payment.pk}.pdf",
            },
        }
    ]
    assert [n["context"]["amount"] for n in notices("payment_requested")] == ["10000"]
    # The return page shows the status; the browser's parameters change nothing.
    client = api_client(None)
    client.force_login(world.user("citizen"))
    shown = client.get(f"/thanh-toan/ket-qua/{payment.reference}/?TrangThai=01")
    assert shown.status_code == 200 and "Đã thanh toán" in shown.content.decode()


def test_national_failure_leaves_the_dossier_waiting(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    location = press(url, "fail")
    assert dict(parse_qsl(urlsplit(location).query))["TrangThai"] == "01"
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("failed", ["failed"])
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED
    assert notices("payment_received") == []


def test_national_tampered_signature_is_rejected(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    press(url, "success", fault="bad_signature")
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["01"]
    cb = PaymentCallback.objects.get(kind="notify")
    assert (cb.payment_id, cb.signature_ok, cb.outcome) == (None, False, "bad_signature")
    assert cb.raw["MaXacThuc"] == "0" * 64
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_national_wrong_amount_is_rejected(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    press(url, "success", fault="wrong_amount")
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("pending", ["bad_amount"])
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["03"]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_national_duplicate_notification_changes_nothing(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    press(url, "success", fault="duplicate")
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("paid", ["paid", "duplicate"])
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["00", "00"]
    d = Dossier.objects.get(pk=fee_dossier.pk)
    assert (d.status, d.events.filter(action="fee_paid").count(), len(notices("payment_received"))) == (
        Status.RECEIVED,
        1,
        1,
    )


def test_national_late_notification_after_expiry_is_rejected(
    world: Any, fee_dossier: Any, paygate: Any, frozen: Any
) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    assert payment.expires_at - payment.created_at == timedelta(minutes=30)
    frozen(payment.expires_at + timedelta(minutes=1))
    press(url, "success")
    payment.refresh_from_db()
    assert (payment.status, payment.failure_reason, outcomes(payment)) == ("expired", "late_callback", ["late"])
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["04"]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_national_status_query_settles_a_payment_whose_notification_was_lost(
    world: Any, fee_dossier: Any, paygate: Any
) -> None:
    payment, url = start(world, fee_dossier, "gateway_a")
    press(url, "success", fault="bad_signature")  # the only notification is unusable
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    payment = query_status(payment.pk, actor=as_(world, "citizen"))
    assert payment.status == "paid"
    q = PaymentCallback.objects.get(payment=payment, kind="query")
    assert (q.signature_ok, q.outcome, q.raw["answer"]["TrangThai"]) == (True, "paid", "00")
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED


# --- gateway B: VNPay style -------------------------------------------------------------------


def test_vnpay_success_marks_paid_and_resumes_the_dossier(
    world: Any, fee_dossier: Any, paygate: Any, live_server: Any
) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    params = dict(parse_qsl(urlsplit(url).query))
    assert url.startswith(f"{paygate.url}/vnpay/paymentv2/vpcpay.html?")
    assert (params["vnp_Amount"], params["vnp_CurrCode"], params["vnp_TxnRef"], params["vnp_Command"]) == (
        "1000000",
        "VND",
        payment.reference,
        "pay",
    )
    assert list(params)[-1] == "vnp_SecureHash" and len(params["vnp_SecureHash"]) == 128
    page = get_page(url)
    assert "Thanh toán thành công" in page and "Số tiền: <strong>10.000 đ</strong>" in page
    location = press(url, "success")
    assert location.startswith(f"{live_server.url}/thanh-toan/ket-qua/{payment.reference}/?")
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.gateway_reference.isdigit()
    assert [e["answer"] for e in paygate.log()] == [{"RspCode": "00", "Message": "Confirm Success"}]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED
    assert outcomes(payment) == ["paid"]


def test_vnpay_failure(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    press(url, "fail")
    payment.refresh_from_db()
    assert (payment.status, payment.failure_reason, outcomes(payment)) == ("failed", "vnp_ResponseCode 24", ["failed"])
    assert [e["answer"]["RspCode"] for e in paygate.log()] == ["00"]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_vnpay_tampered_signature_is_rejected(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    press(url, "success", fault="bad_signature")
    assert [e["answer"] for e in paygate.log()] == [{"RspCode": "97", "Message": "Invalid Checksum"}]
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert list(PaymentCallback.objects.values_list("payment", "outcome", "signature_ok")) == [
        (None, "bad_signature", False)
    ]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_vnpay_wrong_amount(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    press(url, "success", fault="wrong_amount")
    assert [e["answer"] for e in paygate.log()] == [{"RspCode": "04", "Message": "Invalid amount"}]
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("pending", ["bad_amount"])


def test_vnpay_duplicate_ipn_is_acknowledged_and_changes_nothing(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    press(url, "success", fault="duplicate")
    assert [e["answer"] for e in paygate.log()] == [
        {"RspCode": "00", "Message": "Confirm Success"},
        {"RspCode": "02", "Message": "Order already confirmed"},
    ]
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("paid", ["paid", "duplicate"])
    assert Dossier.objects.get(pk=fee_dossier.pk).events.filter(action="fee_paid").count() == 1


def test_vnpay_late_ipn_after_expiry_is_rejected(world: Any, fee_dossier: Any, paygate: Any, frozen: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    frozen(payment.expires_at + timedelta(seconds=1))
    press(url, "success")
    assert [e["answer"] for e in paygate.log()] == [{"RspCode": "02", "Message": "Order expired"}]
    payment.refresh_from_db()
    assert (payment.status, outcomes(payment)) == ("expired", ["late"])
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


def test_vnpay_status_query(world: Any, fee_dossier: Any, paygate: Any) -> None:
    payment, url = start(world, fee_dossier, "gateway_b")
    assert query_status(payment.pk, actor=as_(world, "citizen")).status == "pending"  # never reached the gateway
    get_page(url)
    assert query_status(payment.pk, actor=as_(world, "citizen")).status == "pending"  # not paid yet at the gateway
    press(url, "success", fault="bad_signature")
    payment = query_status(payment.pk, actor=as_(world, "citizen"))
    assert payment.status == "paid"
    assert list(PaymentCallback.objects.filter(kind="query").values_list("outcome", "signature_ok")) == [
        ("not_found", True),
        ("pending", True),
        ("paid", True),
    ]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED
