"""The head sends a dossier back to the specialist (trả lại); a specialist refuses only where the
process lets his step refuse; approving is only the last processing step. Through the services."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox
from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.core.errors import InvalidTransition, PermissionDenied, ValidationError
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import Status
from motcua.notifications.models import Notice
from motcua.processes import services
from motcua.processes.bpmn.durations import Allotment
from motcua.processes.bpmn.generate import StepSpec
from motcua.processes.models import DossierStep
from tests.helpers import as_, submit
from tests.processes.steps_world import written_state

pytestmark = pytest.mark.django_db


def hours(n: int) -> Allotment:
    return Allotment("working_hours", Decimal(n))


# The demo's common process: the specialist proposes (may ask for a supplement, may not refuse), the head decides.
COMMON = [
    StepSpec(1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", hours(1)),
    StepSpec(2, "Thẩm định hồ sơ, đề xuất", "{handling}", "specialist", hours(8), can_request_supplement=True),
    StepSpec(3, "Phê duyệt kết quả", "{handling}", "head", hours(2), can_refuse=True),
    StepSpec(4, "Vào sổ, đóng dấu", "{handling}", "clerk", hours(1)),
    StepSpec(5, "Trả kết quả", "{receiving}", "reception", hours(1)),
]
# Two head steps in a row: the second one's predecessor is a head's step.
TWO_HEADS = [
    COMMON[0],
    COMMON[1],
    StepSpec(3, "Lãnh đạo phòng xem xét", "{handling}", "head", hours(2)),
    StepSpec(4, "Lãnh đạo UBND ký", "{handling}", "head", hours(2), can_refuse=True),
    COMMON[3],
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def received(world: Any, frozen: Any, steps: list[StepSpec]) -> Dossier:
    services.clear_caches()
    services.definition_from_steps("T.001", steps, actor=SYSTEM)
    frozen(at(23, 8))
    d = submit(world)
    return lifecycle.receive(d.pk, actor=as_(world, "reception"))


def open_step(d: Dossier) -> DossierStep:
    [row] = services.active_steps(d.pk)
    return row


def test_the_head_sends_back_and_the_specialist_does_the_step_again(world: Any, frozen: Any) -> None:
    d = received(world, frozen, COMMON)
    review = open_step(d)
    frozen(at(23, 9))
    lifecycle.complete_step(d.pk, review.pk, actor=as_(world, "specialist"), note="Đủ điều kiện")
    approval = open_step(d)
    assert approval.previous_id == review.pk
    version = Dossier.objects.get(pk=d.pk).version
    frozen(at(23, 10))
    after = lifecycle.send_back(
        d.pk, approval.pk, actor=as_(world, "head"), reason="Thiếu ý kiến về nơi cư trú", version=version
    )
    assert (after.status, after.version) == (Status.PROCESSING, version + 1)
    approval.refresh_from_db()
    assert (approval.outcome, approval.note, approval.finished_by, approval.finished_at) == (
        "returned",
        "Thiếu ý kiến về nơi cư trú",
        world.user("head"),
        at(23, 10),
    )
    again = open_step(d)
    assert (again.step.name, again.agency, again.assignee, again.previous_id) == (
        "Thẩm định hồ sơ, đề xuất",
        world.commune,
        world.user("specialist"),
        approval.pk,
    )
    # The step's 8 working hours again, from the return (24/11 is a day off in the test calendar).
    assert (again.started_at, again.due_at) == (at(23, 10), at(25, 10, 30))
    event = DossierEvent.objects.filter(dossier=d).order_by("id").last()
    assert event is not None
    assert (event.action, event.actor_role, event.agency, event.note) == (
        "send_back",
        "head",
        world.commune,
        "Thiếu ý kiến về nơi cư trú",
    )
    assert (event.data["returned_to"], event.data["assignee"], event.data["next_steps"]) == (
        "Thẩm định hồ sơ, đề xuất",
        "specialist",
        ["Thẩm định hồ sơ, đề xuất"],
    )
    notice = OutboxMessage.objects.get(key=f"step_returned:{again.pk}:{world.user('specialist').pk}")
    assert notice.topic == "notify" and notice.payload["event"] == "step_returned"
    assert notice.payload["context"]["reason"] == "Thiếu ý kiến về nơi cư trú"
    assert notice.payload["context"]["from_step"] == "Phê duyệt kết quả"
    outbox.deliver_due()
    assert list(Notice.objects.filter(user=world.user("specialist")).values_list("title", "body")) == [
        (
            f"Hồ sơ {d.code} được trả lại",
            "Bước “Thẩm định hồ sơ, đề xuất” cần xử lý lại (hạn 10:30 25/11/2026). Lý do: Thiếu ý kiến về nơi cư trú",
        )
    ]
    email = next(m for m in mail.outbox if m.to == ["specialist@example.vn"])
    assert email.subject == f"Hồ sơ {d.code} được trả lại bước “Thẩm định hồ sơ, đề xuất”"
    assert "Lý do trả lại: Thiếu ý kiến về nơi cư trú" in email.body

    # The specialist finishes again; the head's step opens again and approves this time.
    lifecycle.complete_step(d.pk, again.pk, actor=as_(world, "specialist"), note="Đã bổ sung ý kiến")
    second = open_step(d)
    assert (second.step.name, second.previous_id) == ("Phê duyệt kết quả", again.pk)
    assert lifecycle.approve(d.pk, actor=as_(world, "head"), step_row_id=second.pk).status == Status.APPROVED
    rows = list(DossierStep.objects.filter(dossier=d).order_by("id").values_list("step__name", "outcome"))
    assert rows == [
        ("Tiếp nhận, chuyển hồ sơ", "receive"),
        ("Thẩm định hồ sơ, đề xuất", "done"),
        ("Phê duyệt kết quả", "returned"),
        ("Thẩm định hồ sơ, đề xuất", "done"),
        ("Phê duyệt kết quả", "approve"),
        ("Vào sổ, đóng dấu", ""),
    ]


def test_send_back_is_refused_unless_the_head_holds_a_step_after_a_specialists(world: Any, frozen: Any) -> None:
    d = received(world, frozen, TWO_HEADS)
    review = open_step(d)
    with pytest.raises(PermissionDenied) as denied:  # the specialist's own step is no head's step
        lifecycle.send_back(d.pk, review.pk, actor=as_(world, "specialist"), reason="Lý do")
    assert denied.value.code == "step_denied"
    lifecycle.complete_step(d.pk, review.pk, actor=as_(world, "specialist"))
    first_head = open_step(d)
    before = written_state()
    for name in ("specialist", "other_head", "dept_head"):  # not holding the head's step
        with pytest.raises(PermissionDenied):
            lifecycle.send_back(d.pk, first_head.pk, actor=as_(world, name), reason="Lý do")
    with pytest.raises(ValidationError) as missing:
        lifecycle.send_back(d.pk, first_head.pk, actor=as_(world, "head"), reason="  ")
    assert missing.value.details == {"field": "reason"}
    assert written_state() == before
    lifecycle.complete_step(d.pk, first_head.pk, actor=as_(world, "head"))
    signing = open_step(d)
    before = written_state()
    with pytest.raises(InvalidTransition) as refused:  # the step before is a head's, not a specialist's
        lifecycle.send_back(d.pk, signing.pk, actor=as_(world, "head"), reason="Lý do")
    assert refused.value.code == "send_back_not_allowed" and "Lãnh đạo UBND ký" in refused.value.message
    assert written_state() == before
    assert open_step(d).pk == signing.pk and not DossierEvent.objects.filter(action="send_back").exists()


def test_a_specialist_cannot_refuse_unless_his_step_may(world: Any, frozen: Any) -> None:
    d = received(world, frozen, COMMON)
    review = open_step(d)
    before = written_state()
    with pytest.raises(PermissionDenied) as exc:
        lifecycle.complete_step(
            d.pk, review.pk, actor=as_(world, "specialist"), outcome="refuse", note="Không đủ điều kiện"
        )
    assert exc.value.code == "refuse_not_allowed"
    assert "bước “Thẩm định hồ sơ, đề xuất” không được từ chối" in exc.value.message
    with pytest.raises(PermissionDenied):  # nor with the dossier's own refusal: it is the head's
        lifecycle.refuse(d.pk, actor=as_(world, "specialist"), reasons="Không đủ điều kiện")
    assert written_state() == before
    lifecycle.complete_step(d.pk, review.pk, actor=as_(world, "specialist"), note="Đề nghị từ chối")
    refused = lifecycle.complete_step(
        d.pk, open_step(d).pk, actor=as_(world, "head"), outcome="refuse", note="Không đủ điều kiện"
    )
    assert (refused.status, refused.decision_note) == (Status.REFUSED, "Không đủ điều kiện")


def test_a_specialists_step_configured_to_refuse_still_refuses(world: Any, frozen: Any) -> None:
    may = [
        COMMON[0],
        StepSpec(2, "Thẩm định hồ sơ", "{handling}", "specialist", hours(8), can_refuse=True),
        *COMMON[2:],
    ]
    d = received(world, frozen, may)
    refused = lifecycle.complete_step(
        d.pk, open_step(d).pk, actor=as_(world, "specialist"), outcome="refuse", note="Không thuộc thẩm quyền"
    )
    assert refused.status == Status.REFUSED


def test_approving_is_only_the_last_processing_step(world: Any, frozen: Any) -> None:
    d = received(world, frozen, TWO_HEADS)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"))
    first_head = open_step(d)
    before = written_state()
    with pytest.raises(InvalidTransition) as exc:
        lifecycle.approve(d.pk, actor=as_(world, "head"))
    assert exc.value.code == "not_the_approval_step" and "Lãnh đạo phòng xem xét" in exc.value.message
    assert written_state() == before
    lifecycle.complete_step(d.pk, first_head.pk, actor=as_(world, "head"))
    assert lifecycle.approve(d.pk, actor=as_(world, "head")).status == Status.APPROVED


def test_what_finishing_a_step_would_open_is_read_without_writing(world: Any, frozen: Any) -> None:
    d = received(world, frozen, COMMON)
    review = open_step(d)
    before = written_state()
    assert [s.name for s in services.steps_after(d, review) or []] == ["Phê duyệt kết quả"]
    assert written_state() == before
    lifecycle.complete_step(d.pk, review.pk, actor=as_(world, "specialist"))
    assert [s.name for s in services.steps_after(d, open_step(d)) or []] == ["Vào sổ, đóng dấu"]


def test_a_specialist_cannot_approve_through_his_own_step(world: Any, frozen: Any) -> None:
    second_review = [
        COMMON[0],
        COMMON[1],
        StepSpec(3, "Thẩm định lại", "{handling}", "specialist", hours(2)),
        COMMON[2],
        COMMON[3],
    ]
    d = received(world, frozen, second_review)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"))  # now "processing"
    row = open_step(d)
    before = written_state()
    with pytest.raises(InvalidTransition) as exc:
        lifecycle.approve(d.pk, actor=as_(world, "specialist"), step_row_id=row.pk)
    assert exc.value.code == "not_your_step"
    assert written_state() == before


def test_the_control_sheet_hands_the_returned_step_back_to_the_specialist(world: Any, frozen: Any) -> None:
    from motcua.processes.control_sheet import control_sheet_data

    d = received(world, frozen, COMMON)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"))
    lifecycle.send_back(d.pk, open_step(d).pk, actor=as_(world, "head"), reason="Thiếu ý kiến")
    rows = control_sheet_data(d.pk).rows
    assert [(r.from_person, r.to_body, r.to_person, r.note) for r in rows[-1:]] == [
        ("Head", "Ủy ban nhân dân Phường Hoàn Kiếm", "Specialist", "Thiếu ý kiến")
    ]
