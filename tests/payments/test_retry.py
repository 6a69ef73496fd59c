"""Paying again after a failed or abandoned payment: a new transaction, the old one closed and shown
as such, never two open payments of one dossier; the return page says the outcome in Vietnamese and
leads back to the dossier. The gateways are the simulator (a separate process) on the live server."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import Payment, PaymentCallback
from tests.payments.sim_client import get_page, press

pytestmark = pytest.mark.django_db(transaction=True)


def citizen(world: Any) -> Client:
    c = Client()
    c.force_login(world.user("citizen"))
    return c


def pay(client: Client, code: str, channel: str) -> tuple[Payment, str]:
    """Press a payment button of /thanh-toan/<code>/ (or "Thanh toán lại"): the newest payment and its gateway URL."""
    r = client.post(f"/thanh-toan/{code}/bat-dau/", {"channel": channel})
    assert r.status_code == 302, r.content.decode()[:2000]
    return Payment.objects.order_by("-id").first(), r["Location"]


def result_page(client: Client, location: str) -> str:
    parts = urlsplit(location)
    r = client.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 200
    return r.content.decode()


def test_abandoned_payment_is_cancelled_when_the_citizen_pays_again(world: Any, fee_dossier: Any, paygate: Any) -> None:
    c = citizen(world)
    first, url = pay(c, fee_dossier.code, "gateway_a")
    get_page(url)  # at the gateway's page, the citizen goes back to us without paying
    page = c.get(f"/tai-khoan/ho-so/{fee_dossier.code}/").content.decode()
    assert "Một giao dịch qua Cổng thanh toán quốc gia đang chờ kết quả." in page
    assert f'href="/thanh-toan/{fee_dossier.code}/">Thanh toán 10.000 đ</a>' in page

    second, url2 = pay(c, fee_dossier.code, "gateway_a")
    first.refresh_from_db()
    assert second.pk != first.pk and url2 != url
    assert (first.status, first.failure_reason) == ("cancelled", f"superseded by {second.reference}")
    assert list(Payment.objects.filter(status="pending").values_list("pk", flat=True)) == [second.pk]
    # Before cancelling, the gateway was asked (signed query): it had not been paid.
    q = PaymentCallback.objects.get(payment=first, kind="query")
    assert (q.signature_ok, q.outcome) == (True, "pending")
    log = AuditLog.objects.get(action="payments.cancelled")
    assert (log.object_id, log.actor_id, log.changes) == (
        str(first.pk),
        world.user("citizen").pk,
        {"dossier": fee_dossier.code, "status": ["pending", "cancelled"], "replaced_by": second.reference},
    )
    fees = c.get(f"/thanh-toan/{fee_dossier.code}/").content.decode()
    assert fees.count("Đã hủy, thay bằng giao dịch mới") == 1 and fees.count("Chờ thanh toán") == 1

    # Paying the abandoned transaction after all is refused like a late payment (the gateway reverses it).
    press(url, "success")
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert [e["answer"]["MaLoi"] for e in paygate.log()] == ["04"]
    assert list(PaymentCallback.objects.filter(payment=first, kind="notify").values_list("outcome", flat=True)) == [
        "late"
    ]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED

    location = press(url2, "success")
    html = result_page(c, location)
    second.refresh_from_db()
    assert second.status == "paid"
    assert "Thanh toán thành công" in html and "Thanh toán lại" not in html
    assert f'href="/tai-khoan/ho-so/{fee_dossier.code}/">Về trang hồ sơ</a>' in html
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED


def test_failed_payment_can_be_paid_again_from_the_result_page(
    world: Any, fee_dossier: Any, paygate: Any, live_server: Any
) -> None:
    c = citizen(world)
    first, url = pay(c, fee_dossier.code, "gateway_b")
    location = press(url, "fail")
    assert location.startswith(f"{live_server.url}/thanh-toan/ket-qua/{first.reference}/?")
    html = result_page(c, location)
    first.refresh_from_db()
    assert first.status == "failed"
    assert '<h2 class="outcome-title" id="outcome-title">Thanh toán không thành công</h2>' in html
    assert "Cổng thanh toán báo giao dịch không thành công, khoản phí, lệ phí chưa được ghi nhận." in html
    assert '<input type="hidden" name="channel" value="gateway_b">' in html
    assert "Thanh toán lại 10.000 đ" in html
    assert f'href="/tai-khoan/ho-so/{fee_dossier.code}/">Về trang hồ sơ</a>' in html
    assert f"form-action 'self' {paygate.url}" in c.get(urlsplit(location).path)["Content-Security-Policy"]

    second, url2 = pay(c, fee_dossier.code, "gateway_b")  # the "Thanh toán lại" button
    assert second.pk != first.pk and second.reference in url2
    press(url2, "success")
    assert list(Payment.objects.order_by("id").values_list("status", flat=True)) == ["failed", "paid"]
    d = Dossier.objects.get(pk=fee_dossier.pk)
    assert (d.status, d.events.filter(action="fee_paid").count()) == (Status.RECEIVED, 1)
    page = c.get(f"/tai-khoan/ho-so/{fee_dossier.code}/").content.decode()
    assert "Thanh toán 10.000 đ" not in page
    assert page.count("Thanh toán không thành công") == 1 and f"/thanh-toan/bien-lai/{second.pk}.pdf" in page


def test_a_payment_made_whose_notification_was_lost_is_settled_not_paid_twice(
    world: Any, fee_dossier: Any, paygate: Any
) -> None:
    c = citizen(world)
    first, url = pay(c, fee_dossier.code, "gateway_a")
    press(url, "success", fault="bad_signature")  # paid at the gateway; its notification is unusable
    assert Payment.objects.get(pk=first.pk).status == "pending"
    r = c.post(f"/thanh-toan/{fee_dossier.code}/bat-dau/", {"channel": "gateway_b"})
    assert r.status_code == 409
    assert "Hồ sơ không còn khoản phí, lệ phí nào phải nộp." in r.content.decode()
    assert list(Payment.objects.values_list("pk", "status")) == [(first.pk, "paid")]
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED


def test_the_pending_result_page_offers_to_ask_the_gateway_and_to_pay_again(
    world: Any, fee_dossier: Any, paygate: Any
) -> None:
    c = citizen(world)
    first, _url = pay(c, fee_dossier.code, "gateway_a")
    html = c.get(f"/thanh-toan/ket-qua/{first.reference}/").content.decode()
    assert "Đang chờ kết quả từ cổng thanh toán" in html
    assert "Kiểm tra lại với cổng thanh toán" in html and "Thanh toán lại 10.000 đ" in html
    assert c.post(f"/thanh-toan/ket-qua/{first.reference}/").status_code == 302  # asks: still pending
    second, _url2 = pay(c, fee_dossier.code, "gateway_a")
    html = c.get(f"/thanh-toan/ket-qua/{first.reference}/").content.decode()
    assert "Giao dịch đã hủy" in html and "Giao dịch này đã được hủy khi ông/bà bắt đầu một lần thanh toán mới." in html
    assert Payment.objects.get(pk=second.pk).status == "pending"
