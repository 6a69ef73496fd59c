"""A dossier waiting for its fees has its clock paused: it is neither due soon nor overdue.

Reception of a procedure paid before processing pauses the clock (status fee_requested, national
6) until the fees are paid, as a supplement request does. The reminders (tests/notifications/
test_reminders.py), the officials' "due soon" and "overdue" work lists and the timeliness badge
of the tracking page read the clock as paused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.services import lifecycle
from motcua.payments.services.payments import record_counter_payment
from tests.helpers import api_client, as_, submit

pytestmark = pytest.mark.django_db

MON = datetime.fromisoformat("2026-11-23T09:00+07:00")  # received now: due Friday 27/11 17:00


@pytest.fixture
def waiting_and_running(world: Any, frozen: Any) -> tuple[Any, Any]:
    """Two dossiers received on Monday: one waits for its fees, one was paid at once and runs."""
    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True)
    frozen(MON)
    waiting = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    running = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    record_counter_payment(running.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    running.refresh_from_db()
    assert (running.status, waiting.status) == ("received", "fee_requested")
    assert running.due_at == waiting.due_at == datetime.fromisoformat("2026-11-27T17:00+07:00")
    return waiting, running


def codes(user: Any, name: str) -> list[str]:
    return [d["code"] for d in api_client(user).get(f"/api/v1/worklists/{name}").json()["items"]]


def test_work_lists_leave_out_a_dossier_waiting_for_its_fees(
    world: Any, frozen: Any, waiting_and_running: tuple[Any, Any]
) -> None:
    waiting, running = waiting_and_running
    frozen(datetime.fromisoformat("2026-11-26T09:00+07:00"))
    assert codes(world.user("reception"), "due_soon") == [running.code]
    frozen(datetime.fromisoformat("2026-11-30T09:00+07:00"))
    assert codes(world.user("reception"), "overdue") == [running.code]
    assert codes(world.user("reception"), "due_soon") == []
    assert sorted(codes(world.user("reception"), "agency")) == sorted([running.code, waiting.code])


def test_tracking_page_does_not_call_a_dossier_waiting_for_its_fees_overdue(
    client: Any, frozen: Any, waiting_and_running: tuple[Any, Any]
) -> None:
    waiting, running = waiting_and_running
    frozen(datetime.fromisoformat("2026-11-30T09:00+07:00"))
    paused = client.get(f"/tra-cuu/{waiting.code}/").content.decode()
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in paused and "Quá hạn" not in paused
    assert '<span class="badge late">Quá hạn</span>' in client.get(f"/tra-cuu/{running.code}/").content.decode()
