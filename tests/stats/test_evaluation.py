"""Circular 01/2018 evaluation indexes on the hand-checked November data set (tests/stats/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.stats.services.evaluation import (
    evaluate_body,
    evaluate_officials,
    grade_body,
    grade_official,
    index_1,
    index_3,
    index_7,
)
from tests.stats.conftest import NOV_FROM, NOV_TO


def test_index_rules() -> None:
    assert [index_1(t) for t in ("early", "on_time", "late")] == [2, 1, 0]
    assert [index_3(n) for n in (0, 1, 2, 5)] == [2, 1, 0, 0]
    assert (index_7("early", False), index_7("early", True), index_7("on_time", False)) == (2, 0, 1)
    assert [grade_body(s) for s in (15, 14.9, 12, 9, 6, 5.9)] == ["xuat_sac", "tot", "tot", "kha", "trung_binh", "yeu"]
    assert [grade_official(s) for s in (5, 4.9, 3.5, 3.4)] == [
        "hoan_thanh_tot",
        "hoan_thanh",
        "hoan_thanh",
        "khong_hoan_thanh",
    ]


@pytest.mark.django_db
def test_body_score_on_the_hand_checked_month(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    # Finished in November: A late, D early, E on time; none needed a supplement; no complaints.
    body = evaluate_body("H26.101", NOV_FROM, NOV_TO)
    assert body.dossiers == 3
    assert body.averages == {"i1": 1.0, "i2": 1.0, "i3": 2.0, "i4": 2.0, "i6": 2.0, "i7": 1.0}
    # Online share: D and F of D, E, F, G received in November (50%), none of them late → i9 = 2.
    assert (body.i6, body.i8, body.i9) == (2, None, 2)
    assert (body.total, body.grade) == (11.0, "kha")


@pytest.mark.django_db
def test_officials_scores(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    scores = {s.username: s for s in evaluate_officials("H26.101", NOV_FROM, NOV_TO)}
    assert set(scores) == {"reception", "head", "clerk"}
    for s in scores.values():
        assert (s.dossiers, s.total, s.grade) == (3, 7.0, "hoan_thanh_tot")
        assert s.averages == {"i1": 1.0, "i2": 1.0, "i3": 2.0, "i4": 2.0, "i7": 1.0}


@pytest.mark.django_db
def test_a_substantiated_complaint_sets_attitude_to_zero(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    from motcua.feedback.models import Category, Feedback

    category = Category.objects.get_or_create(code="T", defaults={"name": "Thử"})[0]
    d = dataset["D"]
    now = d.finished_at
    Feedback.objects.create(
        category=category,
        subject="dossier",
        dossier=d,
        title="Chậm",
        text="...",
        status="answered",
        agency=d.receiving_agency,
        received_at=now,
        updated_at=now,
        reject_due_at=now,
        info_due_at=now,
        resolve_due_at=now,
        resolve_met=True,
        answered_at=now,
    )
    body = evaluate_body("H26.101", NOV_FROM, NOV_TO)
    assert body.averages["i7"] == round((0 + 0 + 1) / 3, 1)  # A late 0, D complained 0, E on time 1
    assert body.i8 == 2
