"""Decision 766 service index on the hand-checked November data set (tests/stats/conftest.py)."""

from __future__ import annotations

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
        "digitised_dossiers": 8.0,  # every received dossier has its documents stored
        "reused_data": 0.0,  # no dossier took a document from the data store
        "satisfied_ratings": None,
        "feedback_on_time": None,
    }
    assert (index.total, index.scored_max) == (59.3, 82)
