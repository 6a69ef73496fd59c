"""Every endpoint of the internal process denies whoever may not use it, changes nothing, leaks nothing.

Callers: anonymous, the applicant and another citizen, officials of an unrelated agency, the
consulted body (only its own steps), and the wrong role at the right body.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.processes.models import DossierStep
from tests.api.test_authorization import assert_denied
from tests.helpers import api_client
from tests.processes.steps_world import MONDAY_8, at_consultation, define, open_step, written_state

pytestmark = pytest.mark.django_db
OUTSIDERS = ["other_reception", "other_head"]  # an unrelated commune


@pytest.fixture
def dossier(world: Any, frozen: Any) -> Dossier:
    """A dossier whose commune review is done and whose Sở Tư pháp consultation is open."""
    define()
    frozen(MONDAY_8)
    return at_consultation(world)


def steps(d: Dossier) -> tuple[DossierStep, DossierStep]:
    """Return (the commune's finished review, the department's open consultation)."""
    review = DossierStep.objects.get(dossier=d, step__name="Thẩm định hồ sơ")
    return review, open_step(d)


def client(world: Any, name: str | None) -> Any:
    return api_client(None if name is None else world.user(name))


def post(world: Any, name: str | None, url: str, body: dict[str, Any]) -> Any:
    return client(world, name).post(url, json.dumps(body), content_type="application/json")


def get(world: Any, name: str | None, url: str) -> Any:
    return client(world, name).get(url)


def test_reads_are_denied(world: Any, dossier: Dossier) -> None:
    urls = [f"/api/v1/dossiers/{dossier.code}/steps", f"/api/v1/dossiers/{dossier.code}/control-sheet"]
    before = written_state()
    for url in urls:
        assert_denied(get(world, None, url), {401})
        for citizen in ("citizen", "other_citizen"):  # the internal process is not the applicant's to read
            assert_denied(get(world, citizen, url), {403})
        for outsider in OUTSIDERS:
            assert_denied(get(world, outsider, url), {404})
        for insider in ("reception", "specialist", "head", "clerk", "dept_specialist", "dept_head", "dept_clerk"):
            assert get(world, insider, url).status_code == 200, (insider, url)
    assert_denied(get(world, None, "/api/v1/steps"), {401})
    for citizen in ("citizen", "other_citizen"):
        assert_denied(get(world, citizen, "/api/v1/steps"), {403})
    for outsider in OUTSIDERS:
        assert get(world, outsider, "/api/v1/steps").json()["count"] == 0
    assert written_state() == before


def test_the_consulted_body_sees_only_its_steps(world: Any, dossier: Dossier) -> None:
    review, consult = steps(dossier)
    for name in ("dept_specialist", "dept_head", "dept_clerk"):
        rows = get(world, name, f"/api/v1/dossiers/{dossier.code}/steps").json()
        assert [r["id"] for r in rows] == [consult.pk], name
        assert "Đủ điều kiện" not in json.dumps(rows, ensure_ascii=False)  # the commune's note
    assert [r["id"] for r in get(world, "head", f"/api/v1/dossiers/{dossier.code}/steps").json()][-2:] == [
        review.pk,
        consult.pk,
    ]


def test_completing_is_denied(world: Any, dossier: Dossier) -> None:
    review, consult = steps(dossier)
    url = f"/api/v1/dossiers/{dossier.code}/steps/{consult.pk}/complete"
    before = written_state()
    for body in ({}, {"outcome": "refuse", "note": "Lý do"}):
        assert_denied(post(world, None, url, body), {401})
        for citizen in ("citizen", "other_citizen"):
            assert_denied(post(world, citizen, url, body), {403})
        for outsider in OUTSIDERS:
            assert_denied(post(world, outsider, url, body), {404})
        # The right body, the wrong role; the commune, which sees the step but does not hold it.
        for wrong in ("dept_head", "dept_clerk", "dept_reception", "specialist", "head"):
            assert_denied(post(world, wrong, url, body), {403})
    # The consulted body cannot reach the commune's steps, even to learn they exist.
    other = f"/api/v1/dossiers/{dossier.code}/steps/{review.pk}/complete"
    assert_denied(post(world, "dept_specialist", other, {}), {404})
    assert_denied(post(world, "dept_specialist", f"/api/v1/dossiers/{dossier.code}/steps/999999/complete", {}), {404})
    assert written_state() == before


def test_assigning_is_denied(world: Any, dossier: Dossier) -> None:
    review, consult = steps(dossier)
    url = f"/api/v1/dossiers/{dossier.code}/steps/{consult.pk}/assign"
    body = {"assignee": "dept_specialist"}
    before = written_state()
    assert_denied(post(world, None, url, body), {401})
    for citizen in ("citizen", "other_citizen"):
        assert_denied(post(world, citizen, url, body), {403})
    for outsider in OUTSIDERS:
        assert_denied(post(world, outsider, url, body), {404})
    for wrong in ("dept_clerk", "dept_reception", "head"):  # not a head of the step's body
        assert_denied(post(world, wrong, url, body), {403})
    assert_denied(
        post(
            world, "dept_head", f"/api/v1/dossiers/{dossier.code}/steps/{review.pk}/assign", {"assignee": "specialist"}
        ),
        {404},
    )
    assert written_state() == before
    assert post(world, "dept_head", url, body).status_code == 200


def test_sending_back_is_denied(world: Any, frozen: Any) -> None:
    from tests.processes.steps_world import at_approval

    define()
    frozen(MONDAY_8)
    d = at_approval(world)
    approval = open_step(d)
    url = f"/api/v1/dossiers/{d.code}/steps/{approval.pk}/send-back"
    body = {"reason": "Lý do"}
    before = written_state()
    assert_denied(post(world, None, url, body), {401})
    for citizen in ("citizen", "other_citizen"):
        assert_denied(post(world, citizen, url, body), {403})
    for outsider in (*OUTSIDERS, "dept_head", "dept_specialist"):  # the department sees only its own step
        assert_denied(post(world, outsider, url, body), {404})
    for wrong in ("reception", "specialist", "clerk"):  # the commune sees the head's step but does not hold it
        assert_denied(post(world, wrong, url, body), {403})
    assert written_state() == before
    assert post(world, "head", url, body).status_code == 200


def test_a_body_sees_nothing_before_its_step_opens(world: Any, frozen: Any) -> None:
    from tests.processes.steps_world import received

    define()
    frozen(MONDAY_8)
    d = received(world)
    for url in (f"/api/v1/dossiers/{d.code}/steps", f"/api/v1/dossiers/{d.code}/control-sheet"):
        assert_denied(get(world, "dept_specialist", url), {404})
    assert_denied(
        post(world, "dept_specialist", f"/api/v1/dossiers/{d.code}/steps/{open_step(d).pk}/complete", {}), {404}
    )
