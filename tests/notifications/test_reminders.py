"""Reminders to officials (đôn đốc): due soon and overdue, once per dossier, person, day and kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox, ticks
from motcua.core.models import OutboxMessage
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import Notice, Notification
from motcua.notifications.reminders import reminders_tick, send_reminders
from tests.helpers import as_, submit

MON = datetime.fromisoformat("2026-11-23T09:00+07:00")  # received now: due Friday 27/11 17:00


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00+07:00")


def reminders() -> list[tuple[str, str]]:
    return sorted(
        (m.payload["event"], m.payload["context"]["official_name"])
        for m in OutboxMessage.objects.filter(key__startswith="reminder:")
    )


@pytest.mark.django_db
def test_due_soon_then_overdue_once_per_day_to_the_right_people(world: Any, frozen: Any) -> None:
    frozen(MON)
    unassigned = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assigned = lifecycle.assign(
        lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
        actor=as_(world, "head"),
        assignee_username="specialist",
    )
    assert send_reminders() == 0  # Monday: due on Friday, outside the 2-working-day window
    frozen(at("2026-11-25"))  # Wednesday: Friday is within 2 working days
    assert send_reminders() == 3
    assert reminders() == [
        ("reminder_due_soon", "Head"),
        ("reminder_due_soon", "Reception"),
        ("reminder_due_soon", "Specialist"),
    ]
    assert send_reminders() == 0  # the tick runs every 5 minutes: nothing new the same day
    frozen(at("2026-11-26"))
    assert send_reminders() == 3
    frozen(at("2026-11-28"))  # Saturday: no reminders
    assert send_reminders() == 0
    frozen(at("2026-11-30"))  # Monday after the due date
    assert send_reminders() == 3
    assert OutboxMessage.objects.filter(payload__event="reminder_overdue").count() == 3
    key = f"reminder:reminder_overdue:{assigned.pk}:{world.user('specialist').pk}:2026-11-30"
    assert OutboxMessage.objects.get(key=key).payload["context"] == {
        "code": assigned.code,
        "procedure": "Thủ tục thử nghiệm ba ngày",
        "applicant_name": "Nguyễn Thị Hằng",
        "agency": "Ủy ban nhân dân Phường Hoàn Kiếm",
        "due": "17:00 27/11/2026",
        "official_name": "Specialist",
        "url": f"http://127.0.0.1:8000/backoffice/ho-so/{assigned.code}/",
    }
    assert unassigned.assignee_id is None


@pytest.mark.django_db
def test_reminders_are_delivered_in_app_and_by_email_only(world: Any, frozen: Any, sms_gateway: Any) -> None:
    frozen(MON)
    d = lifecycle.assign(
        lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
        actor=as_(world, "head"),
        assignee_username="specialist",
    )
    outbox.deliver_due()
    mail.outbox.clear()
    frozen(at("2026-11-30"))
    send_reminders()
    outbox.deliver_due()
    specialist = world.user("specialist")
    assert list(Notification.objects.filter(event="reminder_overdue").values_list("channel", "status", "user")) == [
        ("in_app", "sent", specialist.pk),
        ("email", "sent", specialist.pk),
    ]
    [email] = mail.outbox
    assert (email.subject, email.to) == (
        f"Đôn đốc: hồ sơ {d.code} đã quá hạn (17:00 27/11/2026)",
        ["specialist@example.vn"],
    )
    assert email.body.startswith("Kính gửi Specialist,\n\nHồ sơ sau đã quá hạn trả kết quả.")
    notice = Notice.objects.get(user=specialist)
    assert (notice.title, notice.url) == (
        f"Hồ sơ {d.code} đã quá hạn",
        f"http://127.0.0.1:8000/backoffice/ho-so/{d.code}/",
    )
    assert len(sms_gateway.requests) == 2  # the applicant: submitted, received; officials get no SMS


@pytest.mark.django_db
def test_supplement_pauses_reminders_and_the_tick_is_registered(world: Any, frozen: Any) -> None:
    frozen(MON)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.request_supplement(d.pk, actor=as_(world, "head"), items=[{"name": "A", "reason": "B"}])
    frozen(at("2026-11-30"))
    assert send_reminders() == 0
    assert any(fn is reminders_tick and period == 300 for period, fn in ticks._ticks)


@pytest.mark.django_db
def test_a_dossier_waiting_for_payment_is_not_reminded_while_its_clock_is_paused(world: Any, frozen: Any) -> None:
    from motcua.catalogue.models import ProcedureVersion
    from motcua.payments.services.payments import record_counter_payment

    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True)
    frozen(MON)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assert (d.status, d.due_at) == ("fee_requested", datetime.fromisoformat("2026-11-27T17:00+07:00"))
    frozen(at("2026-11-25"))  # the due date would be within 2 working days, were the clock running
    assert send_reminders() == 0
    frozen(at("2026-11-30"))  # and past, the Monday after
    assert send_reminders() == 0
    record_counter_payment(d.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    d.refresh_from_db()
    assert (d.status, d.due_at) == ("received", datetime.fromisoformat("2026-12-03T17:00+07:00"))
    frozen(at("2026-12-02"))  # the clock runs again from the payment: due soon
    assert send_reminders() == 2
    assert reminders() == [("reminder_due_soon", "Head"), ("reminder_due_soon", "Reception")]
