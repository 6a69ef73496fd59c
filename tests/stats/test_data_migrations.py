"""The set-based data steps of old migrations give what the per-row code gave, on the hand-checked data set.

They run on databases that predate their columns; here they run again on today's tables, whose
columns they fill (the historical models they ask for have the same fields).
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier
from motcua.stats.models import DailyCount


@pytest.mark.django_db
def test_field_and_closed_at_are_filled_by_three_statements(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    migration = importlib.import_module("motcua.dossiers.migrations.0002_dossier_field_closed_at")
    expected = (
        dict(Dossier.objects.values_list("pk", "field_id").order_by()),
        dict(Dossier.objects.values_list("pk", "closed_at").order_by()),
    )
    assert {k for k, v in expected[1].items() if v is not None} == {dataset[n].pk for n in "ACDEGJ"}
    Dossier.objects.update(field=None, closed_at=None)
    with CaptureQueriesContext(connection) as queries:
        migration.fill(apps, None)
    assert len(queries) == 3  # whatever the number of dossiers
    assert (
        dict(Dossier.objects.values_list("pk", "field_id").order_by()),
        dict(Dossier.objects.values_list("pk", "closed_at").order_by()),
    ) == expected


@pytest.mark.django_db
def test_overdue_backfill_gives_the_counters_the_transitions_kept(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    migration = importlib.import_module("motcua.stats.migrations.0002_overdue_counters")
    kept = list(DailyCount.objects.filter(overdue_from__gt=0) | DailyCount.objects.filter(overdue_until__gt=0))
    assert {(r.day, r.overdue_from, r.overdue_until) for r in kept} == {
        (date(2026, 11, 2), 1, 0),
        (date(2026, 11, 3), 0, 1),
    }
    DailyCount.objects.update(overdue_from=0, overdue_until=0)
    DailyCount.objects.filter(day=date(2026, 11, 3)).delete()  # a counter row that is missing gets made
    migration.backfill(apps, None)
    again = list(DailyCount.objects.filter(overdue_from__gt=0) | DailyCount.objects.filter(overdue_until__gt=0))
    assert sorted((r.agency_id, r.field_id, r.day, r.overdue_from, r.overdue_until) for r in again) == sorted(
        (r.agency_id, r.field_id, r.day, r.overdue_from, r.overdue_until) for r in kept
    )
