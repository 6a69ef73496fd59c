"""The dossier lifecycle through the services, on a frozen clock, with hand-computed due times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core.errors import InvalidTransition, PermissionDenied, ValidationError
from motcua.dossiers.models import ClockPause, Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.statuses import Status
from tests.helpers import as_, pdf_upload, result_record, submit

VN = "+07:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + VN)


def state(dossier_id: int) -> tuple[Any, ...]:
    d = Dossier.objects.get(pk=dossier_id)
    return (d.status, d.version, d.due_at, d.handling_agency_id, d.assignee_id, d.events.count())


@pytest.mark.django_db
def test_online_dossier_from_submission_to_returned_result(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))  # Monday
    d = submit(world)
    assert d.code == "H26.101-261123-0001"
    assert (d.status, d.national_status, d.channel) == (Status.SUBMITTED, 1, 2)
    assert d.due_at is None

    frozen(at("2026-11-23T09:30"))
    d = lifecycle.receive(d.pk, actor=as_(world, "reception"))
    # 3 working days from Monday: Tue 24 Nov 2026 is Vietnam Culture Day (off) -> Wed, Thu, Fri 17:00.
    assert d.due_at == at("2026-11-27T17:00")
    assert (d.status, d.national_status, d.received_by) == (Status.RECEIVED, 2, world.user("reception"))

    d = lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    assert (d.status, d.national_status, d.assignee) == (Status.PROCESSING, 4, world.user("specialist"))

    frozen(at("2026-11-25T10:00"))
    d = lifecycle.request_supplement(
        d.pk, actor=as_(world, "specialist"), items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    )
    assert (d.status, d.national_status) == (Status.SUPPLEMENT_REQUESTED, 5)
    pause = ClockPause.objects.get(dossier=d)
    assert (pause.paused_at, pause.due_at_before, pause.resumed_at) == (
        at("2026-11-25T10:00"),
        at("2026-11-27T17:00"),
        None,
    )

    frozen(at("2026-11-26T08:00"))
    upload_document(d.pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload("bo-sung.pdf"))
    d = lifecycle.supplement(d.pk, actor=as_(world, "citizen"))
    # Decree 61 art. 19.4 (default "restart"): 3 working days again from Thu 26 08:00 -> Tue 1 Dec 17:00.
    assert d.due_at == at("2026-12-01T17:00") == d.original_due_at
    assert (d.status, d.supplement_count) == (Status.PROCESSING, 1)
    assert ClockPause.objects.get(dossier=d).resumed_at == at("2026-11-26T08:00")

    frozen(at("2026-11-30T14:00"))
    d = lifecycle.approve(d.pk, actor=as_(world, "head"))
    assert (d.status, d.national_status) == (Status.APPROVED, 4)
    frozen(at("2026-11-30T15:00"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    assert (d.status, d.national_status, d.finished_at, d.timeliness) == (
        Status.RESULT_READY,
        9,
        at("2026-11-30T15:00"),
        "early",
    )

    frozen(at("2026-12-01T08:00"))
    d = lifecycle.return_result(d.pk, actor=as_(world, "reception"))
    assert (d.status, d.national_status, d.returned_at) == (Status.RETURNED, 10, at("2026-12-01T08:00"))

    events = list(DossierEvent.objects.filter(dossier=d).order_by("at", "id"))
    assert [e.action for e in events] == [
        "submit",
        "receive",
        "assign",
        "request_supplement_review",
        "upload",
        "supplement",
        "approve",
        "upload",
        "issue_result",
        "return_result",
    ]
    assert [(e.from_status, e.to_status) for e in events if e.action in {"receive", "supplement", "issue_result"}] == [
        ("submitted", "received"),
        ("supplement_requested", "processing"),
        ("approved", "result_ready"),
    ]
    receive_event = events[1]
    assert (receive_event.actor, receive_event.actor_role, receive_event.agency) == (
        world.user("reception"),
        "reception",
        world.commune,
    )
    assert events[3].data["items"] == [{"requirement": "", "name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    assert events[3].data["late_request"] is False
    assert d.version == 1 + sum(1 for e in events if e.action not in {"submit", "upload"})
    assert {doc.original_name for doc in d.documents.all()} == {"to-khai.pdf", "bo-sung.pdf", "ket-qua.pdf"}
    assert d.documents.get(original_name="ket-qua.pdf").event == events[8]


@pytest.mark.django_db
def test_late_result_is_classified_late_by_time(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = submit(world)
    d = lifecycle.receive(d.pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
    frozen(at("2026-11-27T17:01"))  # one minute after the due time
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    assert d.timeliness == "late"


@pytest.mark.django_db
def test_result_at_the_due_minute_is_on_time(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
    frozen(at("2026-11-27T17:00"))
    assert lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record()).timeliness == "on_time"


@pytest.mark.django_db
def test_invalid_transition_changes_nothing(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = submit(world)
    before = state(d.pk)
    with pytest.raises(InvalidTransition) as exc:
        lifecycle.approve(d.pk, actor=as_(world, "head"))
    assert exc.value.http_status == 409
    assert exc.value.details["status"] == "submitted"
    with pytest.raises(InvalidTransition):
        lifecycle.return_result(d.pk, actor=as_(world, "reception"))
    assert state(d.pk) == before


@pytest.mark.django_db
def test_wrong_role_and_wrong_agency_are_refused(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = submit(world)
    before = state(d.pk)
    for name in ["specialist", "head", "clerk", "other_reception", "citizen", "other_citizen"]:
        with pytest.raises(PermissionDenied):
            lifecycle.receive(d.pk, actor=as_(world, name))
    with pytest.raises(PermissionDenied):
        lifecycle.withdraw(d.pk, actor=as_(world, "other_citizen"))
    assert state(d.pk) == before


@pytest.mark.django_db
def test_forward_moves_competence_to_the_other_body(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    d = lifecycle.forward(d.pk, actor=as_(world, "reception"), to_agency_code="H26.24", note="Chuyển Sở Tư pháp")
    assert (d.handling_agency, d.status) == (world.department, Status.PROCESSING)
    with pytest.raises(PermissionDenied):
        lifecycle.approve(d.pk, actor=as_(world, "head"))  # the commune's head no longer handles it
    with pytest.raises(ValidationError) as exc:  # a specialist of the commune is not one of the department's
        lifecycle.assign(d.pk, actor=as_(world, "dept_head"), assignee_username="specialist")
    assert exc.value.code == "invalid_assignee"
    d = lifecycle.assign(d.pk, actor=as_(world, "dept_head"), assignee_username="dept_specialist")
    d = lifecycle.approve(d.pk, actor=as_(world, "dept_head"))
    assert d.status == Status.APPROVED
    event = d.events.get(action="forward")
    assert event.data == {"from_agency": "H26.101", "to_agency": "H26.24"}


@pytest.mark.django_db
def test_supplement_at_reception_and_refusal(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = submit(world)
    d = lifecycle.request_supplement(
        d.pk,
        actor=as_(world, "reception"),
        items=[{"requirement": "TP2", "name": "Giấy tờ khác", "reason": "Cần bổ sung"}],
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED
    assert not ClockPause.objects.filter(dossier=d).exists()  # the clock has not started yet
    with pytest.raises(ValidationError) as exc:
        lifecycle.supplement(d.pk, actor=as_(world, "citizen"))  # nothing uploaded yet
    assert exc.value.code == "supplement_files_missing"
    upload_document(d.pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload(), requirement_code="TP2")
    d = lifecycle.supplement(d.pk, actor=as_(world, "citizen"))
    assert (d.status, d.due_at) == (Status.SUBMITTED, None)
    with pytest.raises(ValidationError):
        lifecycle.refuse_at_reception(d.pk, actor=as_(world, "reception"), reasons="   ")
    d = lifecycle.refuse_at_reception(d.pk, actor=as_(world, "reception"), reasons="Không thuộc thẩm quyền")
    assert (d.status, d.national_status, d.decision_note) == (Status.NOT_RECEIVED, 3, "Không thuộc thẩm quyền")


@pytest.mark.django_db
def test_subtract_policy_adds_the_paused_working_time(world: Any, frozen: Any, settings: Any) -> None:
    settings.MOTCUA_SUPPLEMENT_CLOCK = "subtract"
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))  # due Fri 27 Nov 17:00
    frozen(at("2026-11-25T10:00"))
    lifecycle.request_supplement(d.pk, actor=as_(world, "head"), items=[{"name": "A", "reason": "B"}])
    frozen(at("2026-11-25T14:30"))  # paused 10:00-11:30 and 13:30-14:30 = 2.5 working hours
    upload_document(d.pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload())
    d = lifecycle.supplement(d.pk, actor=as_(world, "citizen"))
    # Decision 766 reading: 2.5 working hours after Fri 27 Nov 17:00 -> Mon 30 Nov 10:00.
    assert d.due_at == at("2026-11-30T10:00")
    assert d.status == Status.RECEIVED


@pytest.mark.django_db
def test_extension_once_and_not_too_late(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))  # due Fri 27 Nov 17:00
    frozen(at("2026-11-25T09:00"))
    new_due = at("2026-12-02T17:00")  # the bound: 3 working days (the procedure's time) after the due date
    with pytest.raises(PermissionDenied):
        lifecycle.extend(d.pk, actor=as_(world, "specialist"), new_due_at=new_due, reason="Chờ xác minh")
    d = lifecycle.extend(d.pk, actor=as_(world, "head"), new_due_at=new_due, reason="Chờ xác minh")
    assert (d.due_at, d.original_due_at, d.extension_reason) == (new_due, at("2026-11-27T17:00"), "Chờ xác minh")
    with pytest.raises(ValidationError) as exc:
        lifecycle.extend(d.pk, actor=as_(world, "head"), new_due_at=at("2026-12-04T17:00"), reason="Lần hai")
    assert exc.value.code == "already_extended"


@pytest.mark.django_db
def test_extension_on_the_due_day_is_too_late(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    frozen(at("2026-11-27T08:00"))  # the due day itself
    with pytest.raises(ValidationError) as exc:
        lifecycle.extend(d.pk, actor=as_(world, "head"), new_due_at=at("2026-12-03T17:00"), reason="Muộn")
    assert exc.value.code == "extension_too_late"
    assert Dossier.objects.get(pk=d.pk).extended_at is None


@pytest.mark.django_db
def test_withdraw_and_stop(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    a = submit(world)
    a = lifecycle.withdraw(a.pk, actor=as_(world, "citizen"), reason="Nộp nhầm")
    assert (a.status, a.national_status) == (Status.WITHDRAWN, 7)
    b = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    with pytest.raises(ValidationError):
        lifecycle.stop(b.pk, actor=as_(world, "head"), reason="")
    b = lifecycle.stop(b.pk, actor=as_(world, "head"), reason="Công dân đề nghị dừng")
    assert (b.status, b.national_status) == (Status.STOPPED, 8)
    with pytest.raises(InvalidTransition):
        lifecycle.withdraw(b.pk, actor=as_(world, "citizen"))


@pytest.mark.django_db
def test_payment_before_processing_waits_in_status_6(world: Any, frozen: Any) -> None:
    from motcua.catalogue.models import ProcedureVersion
    from motcua.core.actor import SYSTEM

    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True)
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assert (d.status, d.national_status) == (Status.FEE_REQUESTED, 6)
    assert d.events.get(action="receive").data["fee_due"] == 10000
    with pytest.raises(InvalidTransition):
        lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    frozen(at("2026-11-25T09:00"))
    d = lifecycle.fee_paid(d.pk, actor=SYSTEM, note="Thanh toán trực tuyến")
    # Decree 61 "restart": 3 working days from Wed 25 Nov 09:00 -> Mon 30 Nov 17:00.
    assert (d.status, d.due_at) == (Status.RECEIVED, at("2026-11-30T17:00"))
    with pytest.raises(PermissionDenied):
        lifecycle.fee_paid(d.pk, actor=as_(world, "citizen"))
