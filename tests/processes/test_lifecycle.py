"""The internal process inside the dossier lifecycle: reception starts it, steps drive the dossier."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationError
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.statuses import Status
from motcua.processes import services
from motcua.processes.bpmn.generate import StepSpec
from motcua.processes.models import DossierProcess, DossierStep
from motcua.stats.models import DailyCount
from tests.helpers import as_, pdf_upload, result_record, submit
from tests.processes.steps_world import STEPS, hours

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture
def dossier(world: Any, frozen: Any) -> Any:
    services.clear_caches()
    services.definition_from_steps("T.001", STEPS, actor=SYSTEM)
    frozen(at(23, 8))  # a working Monday
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    return d


def open_step(d: Any) -> DossierStep:
    [row] = services.active_steps(d.pk)
    return row


def test_reception_starts_the_process_and_is_its_first_step(world: Any, dossier: Any) -> None:
    process = DossierProcess.objects.get(dossier=dossier)
    assert process.status == "running" and process.definition.procedure_code == "T.001"
    first = DossierStep.objects.filter(dossier=dossier).order_by("id").first()
    assert first is not None
    assert (first.outcome, first.finished_by, first.finished_at) == ("receive", world.user("reception"), at(23, 8))
    row = open_step(dossier)
    assert (row.step.name, row.agency, row.role) == ("Thẩm định hồ sơ", world.commune, "specialist")
    assert row.due_at == at(25, 17)  # 1 working day, 24/11 is not a working day in the test calendar
    event = DossierEvent.objects.get(dossier=dossier, action="receive")
    assert event.data["next_steps"] == ["Thẩm định hồ sơ"]


def test_the_dossier_follows_its_process_from_body_to_body(world: Any, dossier: Any, frozen: Any) -> None:
    # The department consulted is not the dossier's body: it sees nothing before its step opens.
    assert not visible_dossiers(world.user("dept_specialist")).filter(pk=dossier.pk).exists()
    frozen(at(23, 9))
    d = lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, "specialist"), note="Đủ điều kiện")
    assert d.status == Status.PROCESSING
    consult = open_step(dossier)
    assert (consult.agency, consult.role, consult.due_at) == (
        world.department,
        "specialist",
        at(23, 15),
    )  # lunch 11:30-13:30
    assert visible_dossiers(world.user("dept_specialist")).filter(pk=dossier.pk).exists()

    frozen(at(23, 10))
    lifecycle.complete_step(dossier.pk, consult.pk, actor=as_(world, "dept_specialist"), note="Nhất trí")
    event = DossierEvent.objects.filter(dossier=dossier, action="complete_step").order_by("id").last()
    assert event is not None and (event.agency, event.actor_role) == (world.department, "specialist")
    assert event.data["step"] == "Cho ý kiến của Sở Tư pháp" and event.data["next_steps"] == ["Phê duyệt"]

    d = lifecycle.approve(dossier.pk, actor=as_(world, "head"))
    assert d.status == Status.APPROVED
    clerk_step = open_step(dossier)
    assert clerk_step.role == "clerk"
    with pytest.raises(ValidationError):  # issuing needs the result file, as without a process
        lifecycle.complete_step(dossier.pk, clerk_step.pk, actor=as_(world, "clerk"))
    upload_document(dossier.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    frozen(at(23, 11))
    d = lifecycle.complete_step(dossier.pk, clerk_step.pk, actor=as_(world, "clerk"), record=result_record())
    assert (d.status, d.timeliness) == (Status.RESULT_READY, "early")
    d = lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, "reception"))
    assert d.status == Status.RETURNED
    assert DossierProcess.objects.get(dossier=dossier).status == "completed"
    rows = list(DossierStep.objects.filter(dossier=dossier).order_by("id").values_list("outcome", "timeliness"))
    assert rows == [
        ("receive", "early"),
        ("done", "early"),
        ("done", "early"),
        ("approve", "early"),
        ("issue_result", "on_time"),
        ("return_result", "early"),
    ]
    actions = list(DossierEvent.objects.filter(dossier=dossier).order_by("id").values_list("action", flat=True))
    assert actions == [
        "submit",
        "receive",
        "complete_step",
        "complete_step",
        "approve",
        "upload",
        "issue_result",
        "return_result",
    ]
    assert DailyCount.objects.get(agency=world.commune, day=at(23, 0).date()).finished_early == 1


def test_the_head_step_finished_as_a_step_is_the_approval(world: Any, dossier: Any) -> None:
    for name in ("specialist", "dept_specialist"):
        lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, name))
    d = lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, "head"))
    assert d.status == Status.APPROVED and open_step(dossier).role == "clerk"


def test_actions_out_of_turn_are_refused_with_the_current_step(world: Any, dossier: Any) -> None:
    with pytest.raises(InvalidTransition) as exc:
        lifecycle.forward(dossier.pk, actor=as_(world, "head"), to_agency_code="H26.24")
    assert exc.value.code == "routed_by_process"
    row = open_step(dossier)
    for name in ("dept_specialist", "other_head", "head", "citizen"):
        with pytest.raises(PermissionDenied):
            lifecycle.complete_step(dossier.pk, row.pk, actor=as_(world, name))
    lifecycle.complete_step(dossier.pk, row.pk, actor=as_(world, "specialist"))
    with pytest.raises(Conflict) as conflict:
        lifecycle.complete_step(dossier.pk, row.pk, actor=as_(world, "specialist"))
    assert conflict.value.code == "step_finished"
    assert DossierEvent.objects.filter(dossier=dossier, action="complete_step").count() == 1
    with pytest.raises(InvalidTransition) as exc:  # the department has not given its opinion yet
        lifecycle.approve(dossier.pk, actor=as_(world, "head"))
    assert exc.value.code == "not_your_step" and "Cho ý kiến của Sở Tư pháp" in exc.value.message


def test_supplement_only_at_a_step_that_may_ask_and_the_step_clock_stops(world: Any, dossier: Any, frozen: Any) -> None:
    row = open_step(dossier)
    assert row.due_at == at(25, 17)
    frozen(at(25, 9))  # 6 working hours of the step left
    lifecycle.request_supplement(
        dossier.pk, actor=as_(world, "specialist"), items=[{"name": "Bản vẽ", "reason": "Thiếu chữ ký"}]
    )
    frozen(at(27, 9))
    upload_document(dossier.pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload("bo-sung.pdf"))
    lifecycle.supplement(dossier.pk, actor=as_(world, "citizen"))
    row.refresh_from_db()
    assert row.due_at == at(27, 17)  # the 6 working hours it had left when the clock stopped
    for name in ("specialist", "dept_specialist"):
        lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, name))
    with pytest.raises(InvalidTransition) as exc:  # the approval step may not ask for more documents
        lifecycle.request_supplement(dossier.pk, actor=as_(world, "head"), items=[{"name": "X", "reason": "Y"}])
    assert exc.value.code == "supplement_not_allowed_by_process"


def test_refusal_at_a_step_that_may_refuse_finishes_the_dossier(world: Any, dossier: Any, frozen: Any) -> None:
    frozen(at(23, 10))
    row = open_step(dossier)
    with pytest.raises(ValidationError):
        lifecycle.complete_step(dossier.pk, row.pk, actor=as_(world, "specialist"), outcome="refuse", note=" ")
    d = lifecycle.complete_step(
        dossier.pk, row.pk, actor=as_(world, "specialist"), outcome="refuse", note="Không thuộc thẩm quyền"
    )
    assert (d.status, d.decision_note, d.timeliness) == (Status.REFUSED, "Không thuộc thẩm quyền", "early")
    assert DossierProcess.objects.get(dossier=dossier).status == "completed"
    assert DailyCount.objects.get(agency=world.commune, day=at(23, 0).date()).finished_early == 1
    assert lifecycle.return_result(dossier.pk, actor=as_(world, "reception")).status == Status.RETURNED


def test_the_consulted_body_may_not_refuse(world: Any, dossier: Any) -> None:
    lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, "specialist"))
    with pytest.raises(PermissionDenied) as exc:
        lifecycle.complete_step(
            dossier.pk,
            open_step(dossier).pk,
            actor=as_(world, "dept_specialist"),
            outcome="refuse",
            note="Không đồng ý",
        )
    assert exc.value.code == "refuse_not_allowed" and "không được từ chối" in exc.value.message


def test_withdrawal_closes_the_open_steps(world: Any, dossier: Any) -> None:
    lifecycle.withdraw(dossier.pk, actor=as_(world, "citizen"), reason="Không có nhu cầu")
    assert services.active_steps(dossier.pk) == []
    assert DossierStep.objects.filter(dossier=dossier, outcome="cancelled").count() == 1
    assert DossierProcess.objects.get(dossier=dossier).status == "cancelled"


def test_assignment_names_the_assignee_of_the_open_step(world: Any, dossier: Any) -> None:
    lifecycle.assign(dossier.pk, actor=as_(world, "head"), assignee_username="specialist")
    assert open_step(dossier).assignee == world.user("specialist")


def test_extension_gives_the_open_steps_the_same_working_time(world: Any, dossier: Any) -> None:
    row = open_step(dossier)
    dossier.refresh_from_db()
    assert dossier.due_at == at(27, 17)  # 3 working days
    lifecycle.extend(dossier.pk, actor=as_(world, "head"), new_due_at=at(30, 17), reason="Chờ xác minh")
    row.refresh_from_db()
    assert row.due_at == at(26, 17)  # one more working day (27/11 17:00 → 30/11 17:00)


def test_counter_intake_starts_the_process_too(world: Any, dossier: Any) -> None:
    from tests.stats.conftest import counter

    d = counter(world)
    assert DossierProcess.objects.get(dossier=d).status == "running"
    assert open_step(d).step.name == "Thẩm định hồ sơ"


def test_the_next_dossier_follows_a_new_version_and_the_one_in_flight_keeps_its_own(world: Any, dossier: Any) -> None:
    shorter = [STEPS[0], StepSpec(2, "Xử lý và trình ký", "{handling}", "specialist", hours("4")), STEPS[3]]
    from motcua.organisation.services import role_grant
    from tests.helpers import make_user

    world.users["control"] = make_user("control")
    role_grant(user=world.user("control"), agency=world.commune, role="tthc_control")
    v2 = services.definition_from_steps("T.001", shorter, actor=as_(world, "control"))  # a TTHC-control officer
    newer = submit(world)
    lifecycle.receive(newer.pk, actor=as_(world, "reception"))
    assert DossierProcess.objects.get(dossier=newer).definition == v2
    assert open_step(newer).step.name == "Xử lý và trình ký"
    lifecycle.complete_step(dossier.pk, open_step(dossier).pk, actor=as_(world, "specialist"))
    assert open_step(dossier).step.name == "Cho ý kiến của Sở Tư pháp"  # still version 1
