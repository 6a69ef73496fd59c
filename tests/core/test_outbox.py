"""The transactional outbox: written with the change, delivered once after commit, retried, failed for good."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from motcua.core import clock, outbox
from motcua.core.models import OutboxMessage
from motcua.dossiers.services import lifecycle
from tests.helpers import as_, submit

T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")


@pytest.fixture
def flaky() -> Any:
    """A handler for topic "test.flaky" that fails while ``state["fail"]`` is true."""
    state: dict[str, Any] = {"fail": True, "calls": 0, "delivered": []}

    @outbox.register("test.flaky")
    def handler(payload: dict[str, Any]) -> None:
        state["calls"] += 1
        if state["fail"]:
            raise ConnectionError("gateway down")
        state["delivered"].append(payload["n"])

    return state


@pytest.mark.django_db
def test_enqueue_is_idempotent_per_key(frozen: Any) -> None:
    frozen(T0)
    assert outbox.enqueue(topic="t", key="k1", payload={}) is not None
    assert outbox.enqueue(topic="t", key="k1", payload={"other": 1}) is None
    assert OutboxMessage.objects.filter(key="k1").count() == 1


@pytest.mark.django_db
def test_a_transition_writes_its_notice_and_a_failed_one_writes_none(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    assert list(OutboxMessage.objects.values_list("topic", "payload__action")) == [("dossier.event", "submit")]
    with pytest.raises(Exception):  # noqa: B017, PT011 - wrong role: the transaction rolls back
        lifecycle.receive(d.pk, actor=as_(world, "clerk"))
    assert OutboxMessage.objects.count() == 1
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db
def test_delivery_sends_the_vietnamese_email_once(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assert outbox.deliver_due() == 4  # two dossier events, each queuing its notify message
    assert [m.subject for m in mail.outbox] == [f"Hồ sơ {d.code} đã được gửi", f"Hồ sơ {d.code} đã được tiếp nhận"]
    assert mail.outbox[1].to == ["hang@example.vn"]
    assert "Ngày hẹn trả kết quả: 17:00 27/11/2026" in mail.outbox[1].body
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert outbox.deliver_due() == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_failure_backs_off_then_recovers_and_delivers_once(frozen: Any, flaky: Any) -> None:
    frozen(T0)
    outbox.enqueue(topic="test.flaky", key="f1", payload={"n": 1})
    assert outbox.deliver_due() == 1
    msg = OutboxMessage.objects.get(key="f1")
    assert (msg.status, msg.attempts, msg.next_attempt_at) == ("pending", 1, T0 + timedelta(seconds=30))
    assert msg.last_error == "ConnectionError: gateway down"
    assert outbox.deliver_due() == 0  # not due yet
    frozen(T0 + timedelta(seconds=30))
    outbox.deliver_due()
    msg.refresh_from_db()
    assert (msg.attempts, msg.next_attempt_at) == (2, T0 + timedelta(seconds=90))
    flaky["fail"] = False
    frozen(T0 + timedelta(seconds=90))
    outbox.deliver_due()
    msg.refresh_from_db()
    assert (msg.status, msg.attempts, msg.sent_at, msg.last_error) == ("sent", 3, T0 + timedelta(seconds=90), "")
    frozen(T0 + timedelta(days=2))
    outbox.deliver_due()
    assert flaky["delivered"] == [1]


@pytest.mark.django_db
def test_retries_span_more_than_a_day_and_end_in_failure(frozen: Any, flaky: Any) -> None:
    frozen(T0)
    outbox.enqueue(topic="test.flaky", key="f2", payload={"n": 2})
    now = T0
    while OutboxMessage.objects.get(key="f2").status == "pending":
        frozen(now)
        outbox.deliver_due()
        now = OutboxMessage.objects.get(key="f2").next_attempt_at
    msg = OutboxMessage.objects.get(key="f2")
    assert (msg.status, msg.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert now - T0 > timedelta(hours=24)


@pytest.mark.django_db
def test_message_without_handler_is_kept_and_retried(frozen: Any) -> None:
    frozen(T0)
    outbox.enqueue(topic="nobody.listens", key="n1", payload={})
    outbox.deliver_due()
    msg = OutboxMessage.objects.get(key="n1")
    assert (msg.status, msg.attempts) == ("pending", 1) and "no handler" in msg.last_error


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_deliver_one_message_twice(frozen: Any, flaky: Any) -> None:
    frozen(T0)
    flaky["fail"] = False
    with transaction.atomic():
        for n in range(30):
            outbox.enqueue(topic="test.flaky", key=f"c{n}", payload={"n": n})

    def work() -> None:
        try:
            outbox.deliver_due(limit=100)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(flaky["delivered"]) == list(range(30))
    assert OutboxMessage.objects.filter(status="sent").count() == 30


@pytest.mark.django_db(transaction=True)  # the tasks worker closes its connection when done
def test_worker_once_delivers_what_is_due(world: Any, frozen: Any) -> None:
    frozen(T0)
    submit(world)
    call_command("worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The dossier event and the notify message it queued, both delivered in the one run.
    assert list(OutboxMessage.objects.order_by("id").values_list("topic", "status")) == [
        ("dossier.event", "sent"),
        ("notify", "sent"),
    ]
    assert len(mail.outbox) == 1
    assert clock.now() == T0
