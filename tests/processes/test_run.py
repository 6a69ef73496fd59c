from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.core.errors import Conflict, PermissionDenied, ValidationError
from motcua.dossiers.services.documents import upload_document
from motcua.processes import services
from motcua.processes.models import DossierProcess, DossierStep
from tests.helpers import as_, pdf_upload, result_record

from .conftest import table
from .stepping import finish

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def test_steps_land_at_the_right_body_and_role_with_due_times(
    world: Any, t001: Any, received: Any, frozen: Any
) -> None:
    dossier = received()
    process = services.start(dossier.id)
    assert process is not None and process.definition == t001
    [first] = services.active_steps(dossier.id)
    assert (first.step.name, first.agency, first.role) == ("Tiếp nhận, chuyển hồ sơ", world.commune, "reception")
    assert first.started_at == at(23, 8) and first.due_at == at(23, 10)  # 2 working hours

    frozen(at(23, 9))
    [second] = finish(dossier.id, first.id, actor=as_(world, "reception"))
    assert (second.agency, second.role, second.previous) == (world.commune, "specialist", first)
    assert second.due_at == at(25, 17)  # 1 working day: closing time of the next one (24/11: Ngày Văn hóa)
    first.refresh_from_db()
    assert (first.outcome, first.timeliness, first.finished_by) == ("done", "early", world.user("reception"))

    frozen(at(25, 16))
    [third] = finish(dossier.id, second.id, actor=as_(world, "specialist"), outcome="approve")
    assert (third.role, third.due_at) == ("head", at(26, 10, 30))  # 16:00 + 1 h today + 3 h from 7:30 tomorrow
    frozen(at(26, 14))
    [fourth] = finish(dossier.id, third.id, actor=as_(world, "head"), outcome="approve")
    assert (fourth.agency, fourth.role, fourth.body) == (world.department, "clerk", "H26.24")
    frozen(at(26, 15))
    upload_document(dossier.id, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    assert finish(dossier.id, fourth.id, actor=as_(world, "dept_clerk"), record=result_record()) == []
    process.refresh_from_db()
    assert (process.status, process.finished_at) == ("completed", at(26, 15))
    assert services.active_steps(dossier.id) == []
    results = list(DossierStep.objects.filter(dossier=dossier).order_by("id").values_list("timeliness", flat=True))
    assert results == ["early", "early", "late", "early"]


def test_exclusive_gateway_refusal_ends_the_process(world: Any, t001: Any, received: Any) -> None:
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    [second] = finish(dossier.id, first.id, actor=SYSTEM)
    assert finish(dossier.id, second.id, actor=SYSTEM, outcome="refuse", note="Thiếu giấy tờ") == []
    assert DossierProcess.objects.get(dossier=dossier).status == "completed"


def test_refusal_where_the_step_may_not_refuse(world: Any, received: Any) -> None:
    services.definition_from_steps("T.001", table(refuse=False), actor=SYSTEM)
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    with pytest.raises(PermissionDenied) as exc:
        finish(dossier.id, first.id, actor=SYSTEM, outcome="refuse", note="Thiếu giấy tờ")
    assert exc.value.code == "refuse_not_allowed"


def test_only_the_role_at_the_body_may_complete_a_step(world: Any, t001: Any, received: Any) -> None:
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    for name in ("specialist", "other_reception", "dept_reception", "citizen"):
        with pytest.raises(PermissionDenied):
            finish(dossier.id, first.id, actor=as_(world, name))
    first.refresh_from_db()
    assert first.finished_at is None
    finish(dossier.id, first.id, actor=as_(world, "reception"))
    with pytest.raises(Conflict):
        finish(dossier.id, first.id, actor=as_(world, "reception"))


def test_version_pinning(world: Any, t001: Any, received: Any) -> None:
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    shorter = table()[:2]
    v2 = services.definition_from_steps("T.001", shorter, actor=SYSTEM)
    t001.refresh_from_db()
    assert (t001.active, v2.active, v2.number) == (False, True, 2)
    # The dossier in flight keeps running version 1, with its four steps.
    [second] = finish(dossier.id, first.id, actor=SYSTEM)
    [third] = finish(dossier.id, second.id, actor=SYSTEM)
    [fourth] = finish(dossier.id, third.id, actor=SYSTEM)
    assert fourth.step.definition == t001 and fourth.step.name == "Vào sổ, đóng dấu"
    # A new dossier starts version 2.
    other = received()
    assert services.start(other.id).definition == v2


def test_start_twice_and_without_definition(world: Any, received: Any) -> None:
    dossier = received()
    assert services.start(dossier.id) is None
    services.definition_from_steps("T.001", table(), actor=SYSTEM)
    services.start(dossier.id)
    with pytest.raises(Conflict):
        services.start(dossier.id)


def test_assign_step(world: Any, t001: Any, received: Any) -> None:
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    [second] = finish(dossier.id, first.id, actor=SYSTEM)
    with pytest.raises(ValidationError):
        services.assign_step(dossier.id, second.id, actor=SYSTEM, assignee_id=world.user("head").id)
    with pytest.raises(PermissionDenied):
        services.assign_step(
            dossier.id, second.id, actor=as_(world, "other_reception"), assignee_id=world.user("specialist").id
        )
    row = services.assign_step(
        dossier.id, second.id, actor=as_(world, "specialist"), assignee_id=world.user("specialist").id
    )
    assert row.assignee == world.user("specialist")
    assert [s.id for s in services.worklist(world.user("specialist"))] == [second.id]
    assert list(services.worklist(world.user("head"))) == []
