"""The gateways down, slow (past MOTCUA_PAYGATE_TIMEOUT) or answering garbage, set on the real
simulator (``POST /_sim/mode``): the citizen sees a clear Vietnamese message and no 500, nothing is
settled or lost, a new attempt is never blocked, and once the gateway is back the payment settles
exactly once. (A repeated notification after a lost answer: ``test_gateway_flows``'s
``test_national_duplicate_notification_changes_nothing`` and
``test_vnpay_duplicate_ipn_is_acknowledged_and_changes_nothing``.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.services.http import GatewayError
from motcua.payments.services.payments import query_status
from tests.helpers import api_client, as_
from tests.payments.sim_client import get_page, press

pytestmark = pytest.mark.django_db(transaction=True)

FAULTS = ("down", "slow", "garbage")
UNREACHABLE = "Không kết nối được cổng thanh toán. Vui lòng thử lại sau."
GARBAGE = "Cổng thanh toán trả lời không hợp lệ. Vui lòng thử lại sau."
MESSAGE = {"down": UNREACHABLE, "slow": UNREACHABLE, "garbage": GARBAGE}


@pytest.fixture
def short_timeout(settings: Any) -> None:
    settings.MOTCUA_PAYGATE_TIMEOUT = 0.5  # the simulator's slow mode waits 2 s


def citizen(world: Any) -> Client:
    c = Client()
    c.force_login(world.user("citizen"))
    return c


def pay(client: Client, code: str, channel: str) -> tuple[Payment, str]:
    r = client.post(f"/thanh-toan/{code}/bat-dau/", {"channel": channel})
    assert r.status_code == 302, r.content.decode()[:2000]
    return Payment.objects.order_by("-id").first(), r["Location"]


def settled_once(dossier: Any, payment: Payment) -> None:
    """The dossier left "fee_requested" once, with one "payment_received" notice, by ``payment``."""
    d = Dossier.objects.get(pk=dossier.pk)
    received = [
        m.payload["context"]["reference"]
        for m in OutboxMessage.objects.filter(topic="notify")
        if m.payload["event"] == "payment_received"
    ]
    assert (d.status, d.events.filter(action="fee_paid").count(), received) == (
        Status.RECEIVED,
        1,
        [payment.reference],
    )
    assert list(Payment.objects.filter(status="paid").values_list("pk", flat=True)) == [payment.pk]


def nothing_settled(dossier: Any) -> None:
    assert Dossier.objects.get(pk=dossier.pk).status == Status.FEE_REQUESTED
    assert not Payment.objects.filter(status="paid").exists()
    assert not OutboxMessage.objects.filter(topic="notify", key__startswith="payment_received:").exists()


# --- starting a payment ---------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_national_init_fault_shows_a_message_and_the_citizen_pays_once_it_is_back(
    world: Any, fee_dossier: Any, paygate: Any, short_timeout: None, fault: str
) -> None:
    c = citizen(world)
    paygate.mode(fault)
    r = c.post(f"/thanh-toan/{fee_dossier.code}/bat-dau/", {"channel": "gateway_a"})
    html = r.content.decode()
    assert r.status_code == 502
    assert f'<p class="message message-error" role="alert">{MESSAGE[fault]}</p>' in html
    assert 'name="channel" value="gateway_a"' in html  # the buttons to try again are there
    failed = Payment.objects.get()
    assert (failed.status, failed.failure_reason) == ("failed", "init_unreachable")  # not left open
    assert PaymentCallback.objects.get(payment=failed, kind="init").outcome == "init_unreachable"
    # The API says the same in JSON.
    api = api_client(world.user("citizen")).post(
        f"/api/v1/dossiers/{fee_dossier.code}/payments", {"channel": "gateway_a"}, content_type="application/json"
    )
    assert api.status_code == 502 and api["Content-Type"].startswith("application/json")
    assert (api.json()["code"], api.json()["message"]) == ("gateway_error", MESSAGE[fault])
    assert not Payment.objects.filter(status="pending").exists()
    nothing_settled(fee_dossier)

    paygate.mode("ok")
    payment, url = pay(c, fee_dossier.code, "gateway_a")
    assert url.startswith(f"{paygate.url}/national/pay/GD")
    press(url, "success", fault="duplicate")  # our answer lost: the platform notifies again
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert list(PaymentCallback.objects.filter(kind="notify").values_list("outcome", flat=True)) == [
        "paid",
        "duplicate",
    ]
    settled_once(fee_dossier, payment)


@pytest.mark.parametrize("fault", FAULTS)
def test_vnpay_start_while_the_query_fails_replaces_the_open_payment_and_settles_once(
    world: Any, fee_dossier: Any, paygate: Any, short_timeout: None, fault: str
) -> None:
    """Gateway B starts by a signed redirect (no call); the open payment cannot be asked about.

    It is cancelled all the same (a notification of it would now be refused as late, so the
    gateway reverses it); the new one is paid and settles once.
    """
    c = citizen(world)
    first, url = pay(c, fee_dossier.code, "gateway_b")
    get_page(url)  # the citizen reached the gateway, then came back without paying
    paygate.mode(fault)
    second, url2 = pay(c, fee_dossier.code, "gateway_b")
    first.refresh_from_db()
    assert (first.status, first.failure_reason) == ("cancelled", f"superseded by {second.reference}")
    assert not PaymentCallback.objects.filter(payment=first, kind="query").exists()  # not answered: nothing read
    nothing_settled(fee_dossier)

    paygate.mode("ok")
    press(url2, "success")
    second.refresh_from_db()
    assert second.status == "paid"
    settled_once(fee_dossier, second)
    press(url, "success")  # the abandoned one paid after all: refused, the gateway reverses it
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert PaymentCallback.objects.get(payment=first, kind="notify").outcome == "late"
    settled_once(fee_dossier, second)


# --- asking the gateway for the status ---------------------------------------------------------


@pytest.mark.parametrize("channel", ["gateway_a", "gateway_b"])
@pytest.mark.parametrize("fault", FAULTS)
def test_status_query_fault_settles_nothing_and_settles_once_when_back(
    world: Any, fee_dossier: Any, paygate: Any, short_timeout: None, fault: str, channel: str
) -> None:
    c = citizen(world)
    payment, url = pay(c, fee_dossier.code, channel)
    press(url, "success", fault="bad_signature")  # paid at the gateway; its notification is unusable
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    paygate.mode(fault)

    with pytest.raises(GatewayError) as raised:
        query_status(payment.pk, actor=as_(world, "citizen"))
    assert str(raised.value.message) == MESSAGE[fault]
    # "Kiểm tra lại với cổng thanh toán" on the result page: the message, the payment still waiting.
    r = c.post(f"/thanh-toan/ket-qua/{payment.reference}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'<p class="message message-error" role="alert">{MESSAGE[fault]}</p>' in html
    assert "Đang chờ kết quả từ cổng thanh toán" in html
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert not PaymentCallback.objects.filter(kind="query").exists()
    nothing_settled(fee_dossier)

    paygate.mode("ok")
    assert c.post(f"/thanh-toan/ket-qua/{payment.reference}/").status_code == 302
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert query_status(payment.pk, actor=as_(world, "citizen")).status == "paid"  # asking again changes nothing
    press(url, "success")  # a late notification of the same payment
    assert list(PaymentCallback.objects.filter(payment=payment).values_list("kind", "outcome").order_by("id"))[-2:] == [
        ("query", "paid"),
        ("notify", "duplicate"),
    ]
    settled_once(fee_dossier, payment)


def test_sim_mode_is_validated(paygate: Any) -> None:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - local test peer
        f"{paygate.url}/_sim/mode", data=json.dumps({"mode": "broken"}).encode(), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310 - local test peer
    assert raised.value.code == 400
    with urllib.request.urlopen(f"{paygate.url}/health", timeout=5) as r:  # noqa: S310 - local test peer
        assert json.loads(r.read()) == {"ok": True, "mode": "ok"}
