"""Step deadlines: due-soon warning, overdue escalation to the head, reassignment, extension reminder."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox, ticks
from motcua.core.actor import SYSTEM
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import Notice
from motcua.processes import services
from motcua.processes.escalation import escalate, escalation_tick
from tests.helpers import as_, submit
from tests.processes.steps_world import STEPS

from .test_lifecycle import at, open_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world: Any, frozen: Any) -> Any:
    services.clear_caches()
    services.definition_from_steps("T.001", STEPS, actor=SYSTEM)
    frozen(at(23, 8))
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    outbox.deliver_due()
    mail.outbox.clear()
    return d


def queued(prefix: str) -> list[tuple[str, str]]:
    return sorted(
        (m.payload["event"], m.payload["context"]["official_name"])
        for m in OutboxMessage.objects.filter(key__startswith=prefix)
    )


def test_a_step_due_soon_warns_its_holders_then_overdue_goes_to_the_head(world: Any, dossier: Any, frozen: Any) -> None:
    row = open_step(dossier)  # Thẩm định hồ sơ, due Wednesday 25/11 17:00
    escalate(at(25, 9))
    assert queued("step:") == []
    escalate(at(25, 14))  # within 4 hours of the step's due time
    assert queued("step:") == [("step_due_soon", "Specialist")]
    assert escalate(at(25, 15)) == 0  # once per step
    assert escalate(at(26, 8)) == 2
    assert queued("step:overdue") == [("step_overdue", "Head"), ("step_overdue", "Specialist")]
    events = list(
        DossierEvent.objects.filter(dossier=dossier, action__startswith="step_").values_list(
            "action", "agency__code", "data__step"
        )
    )
    assert events == [("step_due_soon", "H26.101", "Thẩm định hồ sơ"), ("step_overdue", "H26.101", "Thẩm định hồ sơ")]
    frozen(at(26, 8))
    outbox.deliver_due()
    head = world.user("head")
    titles = sorted(Notice.objects.filter(user=head).values_list("title", flat=True))
    assert titles == ["Bước “Thẩm định hồ sơ” đã quá hạn", f"Hồ sơ {dossier.code} sắp đến hạn trả"]
    email = next(m for m in mail.outbox if m.to == ["head@example.vn"] and m.subject.startswith("Bước"))
    assert email.subject == f"Bước “Thẩm định hồ sơ” của hồ sơ {dossier.code} đã quá hạn (17:00 25/11/2026)"
    assert "Lãnh đạo đơn vị có thể giao lại bước này" in email.body
    # The head reassigns the late step.
    services.assign_step(dossier.pk, row.pk, actor=as_(world, "head"), assignee_id=world.user("specialist").pk)
    row.refresh_from_db()
    assert row.assignee == world.user("specialist")


def test_the_extension_reminder_goes_to_the_heads_once_in_time_to_apologise(world: Any, dossier: Any) -> None:
    # Due Friday 27/11 17:00; the apology must go out at least 1 working day before.
    assert escalate(at(23, 9)) == 0
    escalate(at(25, 9))
    assert queued("extension_due:") == [("extension_due", "Head")]
    assert DossierEvent.objects.filter(dossier=dossier, action="extension_due").count() == 1
    escalate(at(26, 9))
    assert DossierEvent.objects.filter(dossier=dossier, action="extension_due").count() == 1


def test_the_applicant_does_not_see_the_bodies_reminders_and_the_tick_is_registered(
    world: Any, dossier: Any, client: Any
) -> None:
    escalate(at(26, 8))
    client.force_login(world.user("citizen"))
    page = client.get(f"/tai-khoan/ho-so/{dossier.code}/")
    assert page.status_code == 200
    assert "Bước xử lý quá hạn" not in page.content.decode()
    assert any(fn is escalation_tick and period == 300 for period, fn in ticks._ticks)


def test_the_leaders_dashboard_shows_where_dossiers_stall_by_step(
    world: Any, dossier: Any, client: Any, frozen: Any
) -> None:
    frozen(at(26, 8))  # the review step was due on 25/11 17:00
    client.force_login(world.user("head"))
    page = client.get("/thong-ke/").content.decode()
    table = page[page.index('id="steps-overdue"') :]
    assert "Thẩm định hồ sơ" in table and "17:00 25/11/2026" in table
    client.force_login(world.user("other_head"))  # another commune's leader
    page = client.get("/thong-ke/").content.decode()
    assert "Không có bước xử lý quá hạn." in page and "Thẩm định hồ sơ" not in page
