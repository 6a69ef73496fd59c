"""One permission rule (dossiers/rules.py): the buttons offered are exactly the actions that succeed.

Every offered action × every status × every role × every agency relation, tried through the real
lifecycle services on real rows, each attempt inside a savepoint that is rolled back:

- the actor holds the role at the receiving body, the handling body, both, or neither (a third body);
  or is the applicant, or another citizen;
- the dossier is handled where it was received, forwarded to another body, or was handed in at the
  counter by an applicant without an account (reception acts for them);
- ``allowed_actions`` (and the back office's form list) offers an action ⇔ the service performs it;
- the service refuses with 403 ⇔ ``holds_role_for`` says the actor holds no role for the action
  (else the refusal is 409: the right role at the wrong moment).

The space is small, so it is enumerated, not sampled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest
from django.test import RequestFactory

from motcua.backoffice.actions import SPECS, holds_role_for
from motcua.backoffice.process_panel import STEP_DECISIONS, process_panel
from motcua.backoffice.views.dossier import action_forms
from motcua.core.actor import SYSTEM, Actor
from motcua.core.clock import VN_TZ
from motcua.core.errors import Conflict, PermissionDenied, ValidationError
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.statuses import Status
from motcua.organisation.models import Role
from motcua.organisation.services import role_grant
from motcua.processes import services
from motcua.processes.bpmn.durations import Allotment
from motcua.processes.bpmn.generate import StepSpec
from tests.helpers import as_, make_user, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
RELATIONS = ("receiving", "handling", "both", "neither")
Run = Callable[[int, Actor, str], Any]

# Each offered action through its lifecycle call, with input the service accepts.
RUNS: dict[str, Run] = {
    "receive": lambda pk, a, _s: lifecycle.receive(pk, actor=a),
    "request_supplement": lambda pk, a, _s: lifecycle.request_supplement(
        pk, actor=a, items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    ),
    "refuse_reception": lambda pk, a, _s: lifecycle.refuse_at_reception(pk, actor=a, reasons="Không thuộc thẩm quyền"),
    "supplement": lambda pk, a, _s: lifecycle.supplement(pk, actor=a),
    "fee_paid": lambda pk, a, _s: lifecycle.fee_paid(pk, actor=a),
    "forward": lambda pk, a, _s: lifecycle.forward(pk, actor=a, to_agency_code="H26.102"),
    "assign": lambda pk, a, specialist: lifecycle.assign(pk, actor=a, assignee_username=specialist),
    "approve": lambda pk, a, _s: lifecycle.approve(pk, actor=a),
    "refuse": lambda pk, a, _s: lifecycle.refuse(pk, actor=a, reasons="Không đủ điều kiện"),
    "issue_result": lambda pk, a, _s: lifecycle.issue_result(pk, actor=a, record=result_record()),
    "return_result": lambda pk, a, _s: lifecycle.return_result(pk, actor=a),
    "extend": lambda pk, a, _s: lifecycle.extend(
        pk, actor=a, reason="Cần xác minh thêm", new_due_at=datetime(2026, 11, 30, 10, 0, tzinfo=VN_TZ)
    ),
    "stop": lambda pk, a, _s: lifecycle.stop(pk, actor=a, reason="Người nộp đề nghị dừng"),
    "withdraw": lambda pk, a, _s: lifecycle.withdraw(pk, actor=a, reason="Không còn nhu cầu"),
}


# The actions whose back-office form carries files, and their kind.
UPLOAD_OF = {"issue_result": "result", "supplement": "supplement"}


class _Undo(Exception):
    """Raised to roll back an attempt that succeeded."""


def attempt(run: Run, dossier_id: int, actor: Actor, specialist: str, *, expected: bool) -> str:
    """Try one action; return "ok", "403" or "409" (anything else fails the test).

    An attempt expected to succeed runs in a savepoint, rolled back after it; a refused one writes
    nothing (the service's own transaction), so it needs none. One that succeeds unexpectedly stops
    the enumeration (the dossier has changed).
    """
    try:
        if not expected:
            run(dossier_id, actor, specialist)
            raise Unexpected
        with transaction.atomic():
            run(dossier_id, actor, specialist)
            raise _Undo
    except _Undo:
        return "ok"
    except PermissionDenied:
        return "403"
    except Conflict:  # InvalidTransition and the process's refusals: not now
        return "409"


class Unexpected(Exception):
    """An action that was not offered succeeded."""


def request_of(user: Any) -> HttpRequest:
    """A request of ``user``, for the back office's form list."""
    request = RequestFactory().get("/")
    request.user = user
    return request


def officials(world: Any) -> dict[str, Any]:
    """One official per role and relation to a dossier received at the commune and handled at the department."""
    bodies = {
        "receiving": [world.commune],
        "handling": [world.department],
        "both": [world.commune, world.department],
        "neither": [world.other_commune],
    }
    people = {}
    for role in Role:
        for relation in RELATIONS:
            user = make_user(f"{role.value}-{relation}")
            for agency in bodies[relation]:
                role_grant(user=user, agency=agency, role=role)
            people[f"{role.value} at {relation}"] = user
    return people


def dossiers(world: Any, frozen: Any) -> dict[str, tuple[Dossier, str]]:
    """The dossiers (received; each status is set on the row) with the specialist ``assign`` may name.

    Each holds a pending supplement file and a pending result file, so that supplementing and
    issuing the result can succeed in the statuses that allow them.
    """
    frozen(MONDAY)
    made = {}
    for name in ("handled where received", "forwarded", "counter, no account"):
        d = submit(world)
        lifecycle.receive(d.pk, actor=as_(world, "reception"))
        specialist = "specialist"
        if name == "forwarded":
            lifecycle.forward(d.pk, actor=as_(world, "reception"), to_agency_code="H26.24")
            specialist = "dept_specialist"
        if name == "counter, no account":
            Dossier.objects.filter(pk=d.pk).update(applicant=None)
        Dossier.objects.filter(pk=d.pk).update(status=Status.SUPPLEMENT_REQUESTED)
        upload_document(d.pk, actor=as_(world, "reception"), kind="supplement", upload=pdf_upload("bo-sung.pdf"))
        Dossier.objects.filter(pk=d.pk).update(status=Status.APPROVED)
        clerk = "dept_clerk" if name == "forwarded" else "clerk"
        upload_document(d.pk, actor=as_(world, clerk), kind="result", upload=pdf_upload("ket-qua.pdf"))
        made[name] = (Dossier.objects.get(pk=d.pk), specialist)
    return made


def test_the_offered_actions_are_exactly_those_that_succeed(world: Any, frozen: Any) -> None:
    people = {
        **officials(world),
        "the applicant": world.user("citizen"),
        "another citizen": world.user("other_citizen"),
    }
    assert set(RUNS) == {spec.name for spec in SPECS}  # every action the back office offers is tried
    mismatches: list[str] = []
    successes = 0
    for variant, (dossier, specialist) in dossiers(world, frozen).items():
        # Where one body receives and handles, "handling" is "neither" and "both" is "receiving": tried once.
        same_body = dossier.handling_agency_id == dossier.receiving_agency_id
        cast = {
            who: user for who, user in people.items() if not (same_body and who.endswith((" at handling", " at both")))
        }
        for status in Status:
            Dossier.objects.filter(pk=dossier.pk).update(status=status)
            dossier.refresh_from_db()
            for who, user in cast.items():
                offered = set(allowed_actions(user, dossier))
                if getattr(user, "is_official", False):
                    forms = [f["spec"].name for f in action_forms(request_of(user), dossier)]
                    if set(forms) != offered:
                        mismatches.append(f"{variant}, {status.value}, {who}: forms {forms} ≠ offered {offered}")
                for action, run in RUNS.items():
                    where = f"{variant}, {status.value}, {who}, {action}"
                    try:
                        outcome = attempt(
                            run, dossier.pk, Actor(user=user, channel="web"), specialist, expected=action in offered
                        )
                    except Unexpected:
                        pytest.fail(f"{where}: not offered, but the service performs it")
                    successes += outcome == "ok"
                    if (outcome == "ok") != (action in offered):
                        mismatches.append(f"{where}: offered={action in offered}, service → {outcome}")
                    if outcome == "ok" and action in UPLOAD_OF:  # the form's files are accepted too
                        kind = UPLOAD_OF[action]
                        up = outcome_of(
                            lambda k=kind, u=user, pk=dossier.pk: upload_document(  # type: ignore[misc]
                                pk, actor=Actor(user=u, channel="web"), kind=k, upload=pdf_upload()
                            )
                        )
                        if up != "ok":
                            mismatches.append(f"{where}: the {kind} upload of the form → {up}")
                    holds = holds_role_for(user, dossier, action)
                    if (outcome == "403") == holds:
                        mismatches.append(f"{where}: holds_role_for={holds}, service → {outcome}")
    assert mismatches == [], "\n".join(mismatches[:30])
    assert successes > 100  # the space holds many permitted actions, each tried for real


# While an internal process runs: the step controls offered (backoffice.process_panel) and the
# dossier-level actions offered are exactly those that succeed. The clerk's step lies at another
# body (Sở Tư pháp), whose clerk uploads and issues the result.
STEPS = [
    StepSpec(1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", Allotment("working_hours", Decimal(2))),
    StepSpec(
        2,
        "Thẩm định hồ sơ",
        "{handling}",
        "specialist",
        Allotment("working_days", Decimal(1)),
        can_request_supplement=True,
        can_refuse=True,
    ),
    StepSpec(3, "Phê duyệt", "{handling}", "head", Allotment("working_hours", Decimal(4)), can_refuse=True),
    StepSpec(4, "Vào sổ, đóng dấu", "H26.24", "clerk", Allotment("working_hours", Decimal(2))),
]
StepRun = Callable[[int, int, Actor], Any]
STEP_RUNS: dict[str, StepRun] = {
    "complete": lambda pk, row, a: lifecycle.complete_step(pk, row, actor=a, note="Đã xem xét"),
    "approve": lambda pk, row, a: lifecycle.approve(pk, actor=a, step_row_id=row),
    "issue": lambda pk, row, a: (
        upload_document(pk, actor=a, kind="result", upload=pdf_upload("ket-qua.pdf")),
        lifecycle.issue_result(pk, actor=a, record=result_record(), step_row_id=row),
    ),
    "refuse": lambda pk, row, a: lifecycle.complete_step(pk, row, actor=a, outcome="refuse", note="Không đủ điều kiện"),
    "send_back": lambda pk, row, a: lifecycle.send_back(pk, row, actor=a, reason="Cần thẩm định lại"),
}

# The step controls that finish the step and move the dossier on: the panel shows the one that fits.
MOVE_ON = frozenset({"complete", "approve", "issue"})


def outcome_of(run: Callable[[], Any]) -> str:
    """Try ``run`` in a savepoint rolled back after it: "ok", or the kind of refusal."""
    try:
        with transaction.atomic():
            run()
            raise _Undo
    except _Undo:
        return "ok"
    except PermissionDenied:
        return "403"
    except Conflict:
        return "409"
    except ValidationError:
        return "422"


@pytest.fixture
def _fresh_process_specs() -> Any:
    services.clear_caches()
    yield
    services.clear_caches()


@pytest.mark.usefixtures("_fresh_process_specs")
def test_while_a_process_runs_the_offered_controls_are_exactly_those_that_succeed(world: Any, frozen: Any) -> None:
    services.definition_from_steps("T.001", STEPS, actor=SYSTEM)
    frozen(MONDAY)
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))  # finishes the one-stop desk's first step
    people = {name: world.user(name) for name in world.users}
    mismatches: list[str] = []
    # The holder who moves the dossier on from each step, and how.
    walk = [("specialist", "complete"), ("head", "approve"), ("dept_clerk", "issue")]
    for holder, kind in walk:
        dossier = Dossier.objects.get(pk=d.pk)
        [row] = services.active_steps(d.pk)
        for who, user in people.items():
            actor = Actor(user=user, channel="web")
            panel = process_panel(user, dossier)
            assert panel is not None and panel["running"]
            offered_steps = {(m["r"].pk, f["kind"]) for m in panel["mine"] for f in m["forms"]}
            moves_on = any((row.pk, k) in offered_steps for k in MOVE_ON)
            for step_kind, step_run in STEP_RUNS.items():
                outcome = outcome_of(lambda r=step_run, a=actor, s=row.pk: r(d.pk, s, a))  # type: ignore[misc]
                shown = (row.pk, step_kind) in offered_steps
                # One control moves the dossier on; the other entry points to the same decision may work too.
                may = moves_on if step_kind in MOVE_ON else shown
                if (shown and outcome != "ok") or (outcome == "ok" and not may):
                    mismatches.append(f"{row.step.name}, {who}, step {step_kind}: offered={shown}, service → {outcome}")
            offered = set(allowed_actions(user, dossier))
            if getattr(user, "is_official", False):
                forms = {f["spec"].name for f in action_forms(request_of(user), dossier, hide=STEP_DECISIONS)}
                if forms != offered - STEP_DECISIONS:
                    mismatches.append(f"{row.step.name}, {who}: forms {forms} ≠ offered {offered}")
            for action, run in RUNS.items():
                outcome = outcome_of(lambda r=run, a=actor: r(d.pk, a, "specialist"))  # type: ignore[misc]
                if (outcome == "ok") != (action in offered):
                    mismatches.append(
                        f"{row.step.name}, {who}, {action}: offered={action in offered}, service → {outcome}"
                    )
        STEP_RUNS[kind](d.pk, row.pk, as_(world, holder))
    assert mismatches == [], "\n".join(mismatches[:30])
    assert Dossier.objects.get(pk=d.pk).status == Status.RESULT_READY
