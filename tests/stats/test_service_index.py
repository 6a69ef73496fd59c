"""Decision 766 service index on the hand-checked November data set (tests/stats/conftest.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from motcua.stats.services.service_index import Measure, service_index
from tests.stats.conftest import NOV_FROM, NOV_TO


def test_prorating_rule() -> None:
    assert Measure("online", "x", 12, 0.5, 1, 4).points == 6.0  # 25% of a 50% threshold → half of 12
    assert Measure("online", "x", 12, 0.5, 3, 4).points == 12.0  # above the threshold: capped
    assert Measure("x", "x", 10, 1.0, 0, 0).points is None  # no cases: not scored, not full marks


@pytest.mark.django_db
def test_service_index_of_the_hand_checked_month(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    index = service_index("H26.101", NOV_FROM, NOV_TO)
    points = {m.name: m.points for m in index.measures}
    assert points == {
        "published_procedures": 18.0,  # T.001 and T.002 published
        "finished_in_time": 13.33,  # D early, E on time, A late: 2/3 of 20
        "received_online": 12.0,  # D, F of D, E, F, G: 50%, the threshold
        "paid_online": 0.0,  # four dossiers with a fee, none paid online
        "electronic_result": 8.0,  # A, D, E each have a result document
        "digitised_dossiers": 5.0,  # D, F online: digitised by nature; E, G at the counter: papers not digitised
        "reused_data": 0.0,  # no dossier took a document from the data store
        "satisfied_ratings": None,
        "feedback_on_time": None,
    }
    assert (index.total, index.scored_max) == (56.3, 82)


@pytest.mark.django_db
def test_digitising_the_counter_papers_moves_the_digitised_share(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    from motcua.dossiers.models import DossierDocument
    from motcua.dossiers.services.digitisation import DigitisationInput, digitise
    from tests.helpers import as_
    from tests.stats.conftest import at, counter

    def digitised() -> tuple[int | None, int | None, float | None]:
        m = next(m for m in service_index("H26.101", NOV_FROM, NOV_TO).measures if m.name == "digitised_dossiers")
        return m.numerator, m.denominator, m.points

    frozen(at("2026-11-16T09:00"))
    k = counter(world)  # received at the counter, its paper stored but not digitised
    assert digitised() == (2, 5, 4.0)  # D, F online / D, E, F, G, K: 40% of an 80% threshold
    paper = DossierDocument.objects.get(dossier=k, kind="submitted")
    data = DigitisationInput("CCCD", "001085012345", "Cục Cảnh sát QLHC về TTXH", issued_on=date(2021, 3, 1))
    digitise(paper.pk, data, actor=as_(world, "reception"))
    assert digitised() == (3, 5, 6.0)  # K's every paper digitised: it counts
