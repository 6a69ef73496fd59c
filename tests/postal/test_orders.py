"""Postal orders through the outbox against the real peer (``motcua sim post``), the signed status
webhook, the dossier's history, and the delivered result closing the return."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.core import clock, outbox
from motcua.core.errors import PermissionDenied
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.statuses import Status
from motcua.organisation.models import AdminUnit
from motcua.organisation.units import load_admin_units
from motcua.postal import services
from motcua.postal.models import PostalEvent, PostalOrder
from motcua.postal.operators import vnpost
from motcua.stats import selectors as stats
from tests.helpers import as_, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "motcua-demo-post-webhook-CHANGE-ME"


def address() -> services.Address:
    if not AdminUnit.objects.filter(code="01").exists():  # a transactional test before flushed the migration's rows
        load_admin_units(AdminUnit)
    commune = AdminUnit.objects.filter(kind="commune", parent__code="01").order_by("code").first()
    assert commune is not None
    return services.Address("Nguyễn Thị Hằng", "0912345678", "01", commune.code, "12 Hàng Bài")


def finished(world: Any, d: Dossier) -> Dossier:
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    return lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())


def run_outbox(later: bool = False) -> None:
    if later:  # past every backoff
        OutboxMessage.objects.filter(status="pending").update(next_attempt_at=clock.now() - timedelta(seconds=1))
    outbox.deliver_due()


def hook(client: Client, event: dict[str, Any], secret: str = SECRET) -> Any:
    body = json.dumps(event).encode()
    return client.post(
        "/buu-chinh/webhook/vnpost",
        body,
        content_type="application/json",
        headers={vnpost.SIGNATURE_HEADER: vnpost.sign(body, secret)},
    )


def test_a_delivery_waits_for_the_result_then_goes_once_and_the_webhook_closes_the_return(
    world: Any, post_peer: Any
) -> None:
    d = submit(world)
    order = services.request_order(d.pk, direction="delivery", address=address(), actor=as_(world, "citizen"))
    assert (order.status, order.reference, order.fee_quoted) == ("waiting", f"{d.code}:delivery", order.fee_quoted)
    assert DossierEvent.objects.filter(dossier=d, action="postal_delivery_requested").count() == 1
    run_outbox()
    assert post_peer.orders() == []  # nothing is sent before the result

    finished(world, d)
    post_peer.mode("down")
    run_outbox()  # dossier.event → the waiting order is queued; the peer is down
    run_outbox()
    order.refresh_from_db()
    assert order.status == "queued" and "gián đoạn" in order.last_error
    msg = OutboxMessage.objects.get(key=f"postal-create:{order.reference}")
    assert (msg.status, msg.attempts) == ("pending", 1)

    post_peer.mode("slow")  # the peer makes the order but answers after our timeout
    run_outbox(later=True)
    order.refresh_from_db()
    assert order.status == "queued" and "TimeoutError" in order.last_error
    post_peer.mode("garbage")
    run_outbox(later=True)
    order.refresh_from_db()
    assert "không hợp lệ" in order.last_error
    post_peer.mode("ok")
    run_outbox(later=True)
    order.refresh_from_db()
    [kept] = post_peer.orders()
    assert (order.status, order.tracking_number, order.fee) == ("accepted", kept["ItemCode"], kept["TotalFee"])
    # slow (answered after our timeout), garbage, ok: the same reference each time, one order kept
    assert kept["OrderCode"] == order.reference and kept["requests"] >= 2
    msg.refresh_from_db()
    assert msg.status == "sent"

    # The peer moves it on and calls our webhook, signed.
    answer = post_peer.call("/_sim/advance", {"OrderCode": order.reference, "Status": "picked_up", "EventId": "E1"})
    assert (answer["status"], answer["answer"]) == (200, {"status": "ok"})
    answer = post_peer.call("/_sim/advance", {"OrderCode": order.reference, "Status": "delivered", "EventId": "E2"})
    assert (answer["status"], answer["answer"]) == (200, {"status": "ok"})
    d.refresh_from_db()
    assert d.status == Status.RETURNED and d.returned_at is not None
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions[-3:] == ["postal_picked_up", "postal_delivered", "return_result"]
    ret = DossierEvent.objects.get(dossier=d, action="return_result")
    assert order.tracking_number in ret.note and ret.actor_role == "system"

    # A replay changes nothing.
    again = post_peer.call("/_sim/advance", {"OrderCode": order.reference, "Status": "delivered", "EventId": "E2"})
    assert (again["status"], again["answer"]) == (200, {"status": "duplicate"})
    assert DossierEvent.objects.filter(dossier=d, action="postal_delivered").count() == 1
    assert PostalEvent.objects.filter(event_id="E2").count() == 1


def test_the_webhook_refuses_a_bad_signature_and_an_unknown_order(world: Any, live_server: Any) -> None:
    d = submit(world)
    order = services.request_order(d.pk, direction="pickup", address=address(), actor=as_(world, "citizen"))
    c = Client()
    event = {"EventId": "X1", "OrderCode": order.reference, "ItemCode": "EB1VN", "Status": "picked_up"}
    r = hook(c, event, secret="wrong")
    assert r.status_code == 403 and r.json()["code"] == "bad_signature"
    r = hook(c, {**event, "OrderCode": "nope"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = c.post(
        "/buu-chinh/webhook/vnpost",
        b"not json",
        content_type="application/json",
        headers={vnpost.SIGNATURE_HEADER: vnpost.sign(b"not json", SECRET)},
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_request"
    assert c.get("/buu-chinh/webhook/vnpost").status_code == 405
    assert PostalEvent.objects.exclude(event_id="").count() == 0
    r = hook(c, event)
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert DossierEvent.objects.filter(dossier=d, action="postal_picked_up").count() == 1
    assert PostalOrder.objects.get(pk=order.pk).status == "picked_up"


def test_a_pickup_is_sent_at_once(world: Any, post_peer: Any) -> None:
    d = submit(world)
    order = services.request_order(d.pk, direction="pickup", address=address(), actor=as_(world, "citizen"))
    assert order.status == "queued"
    run_outbox()
    order.refresh_from_db()
    [kept] = post_peer.orders()
    assert order.status == "accepted" and kept["request"]["SenderProvinceCode"] == "01"
    assert kept["request"]["OrderCode"] == f"{d.code}:pickup"


def test_only_the_applicant_or_the_desk_may_ask(world: Any) -> None:

    d = submit(world)
    with pytest.raises(PermissionDenied):
        services.request_order(d.pk, direction="delivery", address=address(), actor=as_(world, "head"))
    services.request_order(d.pk, direction="delivery", address=address(), actor=as_(world, "reception"))


def test_the_dashboard_counts_the_postal_channels(world: Any, live_server: Any) -> None:
    d = submit(world)
    pickup = services.request_order(d.pk, direction="pickup", address=address(), actor=as_(world, "citizen"))
    delivery = services.request_order(d.pk, direction="delivery", address=address(), actor=as_(world, "citizen"))
    PostalOrder.objects.filter(pk=pickup.pk).update(status="picked_up", tracking_number="EB1VN")
    other = submit(world)  # online, no post
    for x in (d, other):
        finished(world, x)
    PostalOrder.objects.filter(pk=delivery.pk).update(status="accepted", tracking_number="EB2VN")
    c = Client()
    r = hook(c, {"EventId": "D1", "OrderCode": delivery.reference, "ItemCode": "EB2VN", "Status": "delivered"})
    assert r.status_code == 200
    today = clock.local_now().date()
    scope = [d.receiving_agency_id]
    assert stats.postal_counts(today, today, scope) == {"received_by_post": 1, "returned_by_post": 1}
    head = Client()
    head.force_login(world.user("head"))
    page = head.get("/thong-ke/")
    assert page.status_code == 200 and page.context["postal"] == {"received_by_post": 1, "returned_by_post": 1}
    assert "Trả kết quả qua bưu chính công ích" in page.content.decode()
