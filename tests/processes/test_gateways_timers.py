from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.organisation.services import agency_create, role_grant
from motcua.processes import demo, services
from motcua.processes.models import DossierStep
from tests.helpers import as_, make_user

from .stepping import finish
from .test_import import mini

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def permit_for_t001() -> str:
    """The demo construction-permit process with allotments that fit T.001's 3 working days."""
    xml = demo.demo_files()["1.009974"]
    return xml.replace('value="P1D"', 'value="PT2H"').replace(">P2D<", ">PT4H<")


@pytest.fixture
def consulted(world: Any) -> dict[str, Any]:
    build = agency_create(code="H26.25", name="Sở Xây dựng Thành phố Hà Nội", level="department")
    police = agency_create(code="G01.26.101", name="Công an Phường Hoàn Kiếm", level="central_office")
    users = {"build": make_user("xd"), "police": make_user("ca")}
    role_grant(user=users["build"], agency=build, role="specialist")
    role_grant(user=users["police"], agency=police, role="specialist")
    return {"build": build, "police": police, **users}


def test_parallel_consultations_split_and_join(world: Any, consulted: Any, received: Any, frozen: Any) -> None:
    services.import_bpmn("T.001", permit_for_t001(), actor=SYSTEM)
    dossier = received()
    services.start(dossier.id)
    [receive] = services.active_steps(dossier.id)
    [review] = finish(dossier.id, receive.id, actor=as_(world, "reception"))
    assert (review.step.element_id, review.role, review.agency) == ("Task_Review", "specialist", world.commune)
    frozen(at(23, 10))
    opened = finish(dossier.id, review.id, actor=as_(world, "specialist"))
    assert sorted((s.step.element_id, s.agency.code, s.role, s.due_at) for s in opened) == [
        ("Task_ConsultConstruction", "H26.25", "specialist", at(23, 16)),  # PT4H from 10:00: 1.5 h + lunch + 2.5 h
        ("Task_ConsultFire", "G01.26.101", "specialist", at(23, 16)),
    ]
    by_id = {s.step.element_id: s for s in opened}
    # The join waits for both consultations.
    assert finish(dossier.id, by_id["Task_ConsultFire"].id, actor=SimpleActor(consulted["police"])) == []
    assert [s.step.element_id for s in services.active_steps(dossier.id)] == ["Task_ConsultConstruction"]
    [summary] = finish(dossier.id, by_id["Task_ConsultConstruction"].id, actor=SimpleActor(consulted["build"]))
    assert summary.step.element_id == "Task_Summary"
    # Exclusive gateway, default path: eligible → the head signs.
    [approve] = finish(dossier.id, summary.id, actor=as_(world, "specialist"), outcome="approve")
    assert (approve.step.element_id, approve.role) == ("Task_Approve", "head")
    [issue] = finish(dossier.id, approve.id, actor=as_(world, "head"))
    assert (issue.step.element_id, issue.role, issue.agency) == ("Task_Issue", "clerk", world.commune)


def SimpleActor(user: Any) -> Any:  # noqa: N802 - reads like the Actor it builds
    from motcua.core.actor import Actor

    return Actor(user=user, channel="web")


@pytest.mark.parametrize(
    ("applicant", "fee_total", "expected"),
    [
        ("business", 10000, ["T2"]),
        ("business", 0, []),
        ("citizen", 10000, []),
    ],
)
def test_exclusive_gateway_reads_dossier_data(
    world: Any, received: Any, applicant: str, fee_total: int, expected: list[str], monkeypatch: Any
) -> None:
    services.import_bpmn("T.001", mini(), actor=SYSTEM)
    dossier = received()
    Dossier.objects.filter(pk=dossier.pk).update(applicant_type=applicant)
    monkeypatch.setattr(services, "_fee_total", lambda _version_id: fee_total)  # the procedure's fee table
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    opened = finish(dossier.id, first.id, actor=SYSTEM)
    assert [s.step.element_id for s in opened] == expected


def test_gateway_on_form_values(world: Any, received: Any) -> None:
    services.import_bpmn("T.001", mini(condition='form.get("purpose") == "Xin việc"'), actor=SYSTEM)
    dossier = received(form_data={"purpose": "Xin việc"})
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    assert [s.step.element_id for s in finish(dossier.id, first.id, actor=SYSTEM)] == ["T2"]


def test_fire_timers_due_soon_then_overdue_once(world: Any, received: Any, frozen: Any) -> None:
    services.import_bpmn("T.001", mini(), actor=SYSTEM)
    dossier = received()  # Monday 8:00; T1 has PT8H: due Tuesday... (24/11 is a day off) Wednesday 8:30
    services.start(dossier.id)
    [step] = services.active_steps(dossier.id)
    assert step.due_at == at(25, 8, 30)
    assert services.fire_timers(at(24, 12)) == []
    [soon] = services.fire_timers(at(25, 7))
    assert (soon.step_row_id, soon.kind, soon.due_at) == (step.id, "due_soon", at(25, 8, 30))
    assert services.fire_timers(at(25, 7, 30)) == []
    [late] = services.fire_timers(at(25, 8, 31))
    assert (late.step_row_id, late.kind) == (step.id, "overdue")
    assert services.fire_timers(at(26, 9)) == []
    frozen(at(25, 9))
    finish(dossier.id, step.id, actor=SYSTEM)
    step.refresh_from_db()
    assert step.timeliness == "late"


def test_finished_steps_do_not_fire(world: Any, received: Any) -> None:
    services.import_bpmn("T.001", mini(), actor=SYSTEM)
    dossier = received()
    services.start(dossier.id)
    [step] = services.active_steps(dossier.id)
    finish(dossier.id, step.id, actor=SYSTEM)
    assert services.fire_timers(at(30, 12)) == []
    assert DossierStep.objects.filter(overdue_noticed_at__isnull=False).count() == 0
