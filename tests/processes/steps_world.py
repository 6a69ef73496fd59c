"""A dossier running an internal process with a consulted body, for the back-office and API tests.

Steps: one-stop desk (reception, finished by the reception itself) → commune specialist (may ask
for a supplement and refuse) → Sở Tư pháp specialist (consulted body, may not refuse) → commune head
(approval, may refuse) → commune clerk (issue) → one-stop desk (return).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.processes import services
from motcua.processes.bpmn.durations import Allotment
from motcua.processes.bpmn.generate import StepSpec
from motcua.processes.models import DossierStep
from tests.helpers import as_, submit

MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)  # a working Monday


def hours(n: str) -> Allotment:
    return Allotment("working_hours", Decimal(n))


STEPS = [
    StepSpec(1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", hours("2")),
    StepSpec(
        2,
        "Thẩm định hồ sơ",
        "{handling}",
        "specialist",
        Allotment("working_days", Decimal(1)),
        can_request_supplement=True,
        can_refuse=True,
    ),
    StepSpec(3, "Cho ý kiến của Sở Tư pháp", "H26.24", "specialist", hours("4")),
    StepSpec(4, "Phê duyệt", "{handling}", "head", hours("2"), can_refuse=True),
    StepSpec(5, "Vào sổ, đóng dấu", "{handling}", "clerk", hours("1")),
    StepSpec(6, "Trả kết quả", "{receiving}", "reception", hours("1")),
]


def define() -> None:
    services.clear_caches()
    services.definition_from_steps("T.001", STEPS, actor=SYSTEM)


def received(world: Any, **kwargs: Any) -> Dossier:
    """Submit and receive a T.001 dossier (the process is defined first with ``define``)."""
    d = submit(world, **kwargs)
    return lifecycle.receive(d.pk, actor=as_(world, "reception"))


def open_step(d: Dossier) -> DossierStep:
    [row] = services.active_steps(d.pk)
    return row


def at_consultation(world: Any) -> Dossier:
    """A received dossier whose specialist step is done: the consulted body's step is open."""
    d = received(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"), note="Đủ điều kiện")
    return Dossier.objects.get(pk=d.pk)


def at_approval(world: Any) -> Dossier:
    d = at_consultation(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "dept_specialist"), note="Nhất trí")
    return Dossier.objects.get(pk=d.pk)


def written_state() -> tuple[Any, ...]:
    """What an action can change: dossiers, steps, history and outbox (equal before and after a refusal)."""
    return (
        sorted(Dossier.objects.values_list("pk", "status", "version")),
        sorted(DossierStep.objects.values_list("pk", "finished_at", "assignee_id", "outcome", "note")),
        DossierEvent.objects.count(),
        OutboxMessage.objects.count(),
    )
