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
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from motcua.backoffice.actions import SPECS, holds_role_for
from motcua.backoffice.views.dossier import action_forms
from motcua.core.clock import VN_TZ
from motcua.core.errors import Conflict, PermissionDenied
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.actor import Actor
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.statuses import Status
from motcua.organisation.models import Role
from motcua.organisation.services import role_grant
from tests.helpers import as_, make_user, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
RELATIONS = ("receiving", "handling", "both", "neither")
Run = Callable[[int, Actor, str], Any]

# Each offered action through its lifecycle call, with input the service accepts.
RUNS: dict[str, Run] = {
    "receive": lambda pk, a, _s: lifecycle.receive(pk, actor=a),
    "request_supplement": lambda pk, a, _s: lifecycle.request_supplement(
        pk, actor=a, items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]),
    "refuse_reception": lambda pk, a, _s: lifecycle.refuse_at_reception(pk, actor=a, reasons="Không thuộc thẩm quyền"),
    "supplement": lambda pk, a, _s: lifecycle.supplement(pk, actor=a),
    "fee_paid": lambda pk, a, _s: lifecycle.fee_paid(pk, actor=a),
    "forward": lambda pk, a, _s: lifecycle.forward(pk, actor=a, to_agency_code="H26.102"),
    "assign": lambda pk, a, specialist: lifecycle.assign(pk, actor=a, assignee_username=specialist),
    "approve": lambda pk, a, _s: lifecycle.approve(pk, actor=a),
    "refuse": lambda pk, a, _s: lifecycle.refuse(pk, actor=a, reasons="Không đủ điều kiện"),
    "issue_result": lambda pk, a, _s: lifecycle.issue_result(pk, actor=a, record=result_record()),
    "return_result": lambda pk, a, _s: lifecycle.return_result(pk, actor=a),
    "extend": lambda pk, a, _s: lifecycle.extend(pk, actor=a, reason="Cần xác minh thêm",
                                                 new_due_at=datetime(2026, 11, 30, 10, 0, tzinfo=VN_TZ)),
    "stop": lambda pk, a, _s: lifecycle.stop(pk, actor=a, reason="Người nộp đề nghị dừng"),
    "withdraw": lambda pk, a, _s: lifecycle.withdraw(pk, actor=a, reason="Không còn nhu cầu"),
}


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


def officials(world: Any) -> dict[str, Any]:
    """One official per role and relation to a dossier received at the commune and handled at the department."""
    bodies = {"receiving": [world.commune], "handling": [world.department],
              "both": [world.commune, world.department], "neither": [world.other_commune]}
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
    people = {**officials(world), "the applicant": world.user("citizen"), "another citizen": world.user("other_citizen")}
    assert set(RUNS) == {spec.name for spec in SPECS}  # every action the back office offers is tried
    mismatches: list[str] = []
    successes = 0
    for variant, (dossier, specialist) in dossiers(world, frozen).items():
        holds = {(who, action): holds_role_for(user, dossier, action) for who, user in people.items() for action in RUNS}
        # Where one body receives and handles, "handling" is "neither" and "both" is "receiving": tried once.
        same_body = dossier.handling_agency_id == dossier.receiving_agency_id
        cast = {who: user for who, user in people.items()
                if not (same_body and who.endswith((" at handling", " at both")))}
        for status in Status:
            Dossier.objects.filter(pk=dossier.pk).update(status=status)
            dossier.refresh_from_db()
            for who, user in cast.items():
                offered = set(allowed_actions(user, dossier))
                if getattr(user, "is_official", False):
                    forms = [f["spec"].name for f in action_forms(SimpleNamespace(user=user), dossier)]
                    if set(forms) != offered:
                        mismatches.append(f"{variant}, {status.value}, {who}: forms {forms} ≠ offered {offered}")
                for action, run in RUNS.items():
                    where = f"{variant}, {status.value}, {who}, {action}"
                    try:
                        outcome = attempt(run, dossier.pk, Actor(user=user, channel="web"), specialist,
                                          expected=action in offered)
                    except Unexpected:
                        pytest.fail(f"{where}: not offered, but the service performs it")
                    successes += outcome == "ok"
                    if (outcome == "ok") != (action in offered):
                        mismatches.append(f"{where}: offered={action in offered}, service → {outcome}")
                    if (outcome == "403") == holds[(who, action)]:
                        mismatches.append(f"{where}: holds_role_for={holds[(who, action)]}, service → {outcome}")
    assert mismatches == [], "\n".join(mismatches[:30])
    assert successes > 100  # the space holds many permitted actions, each tried for real
