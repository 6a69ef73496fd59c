"""Recount DailyCount from the dossier table and report (or fix) every difference."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest, TruncDate

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.stats.models import METRICS, DailyCount

Key = tuple[int, int, date]  # agency, field, day


@dataclass(frozen=True)
class Difference:
    agency_id: int
    field_id: int
    day: date
    metric: str
    stored: int
    recounted: int


def recount() -> dict[Key, dict[str, int]]:
    """Return the counters as the dossier table says they should be."""
    counts: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    base = Dossier.objects.filter(field__isnull=False)

    def add(when: str, metric_of: dict[str, Q]) -> None:
        annotated = {m: Count("id", filter=q) for m, q in metric_of.items()}
        rows: Any = (
            base.filter(**{f"{when}__isnull": False})
            .annotate(day=TruncDate(when, tzinfo=VN_TZ))
            .values("receiving_agency_id", "field_id", "day")
            .annotate(**annotated)
        )
        for r in rows:
            key = (r["receiving_agency_id"], r["field_id"], r["day"])
            for m in metric_of:
                counts[key][m] += r[m]

    add("received_at", {"received_online": Q(channel=2), "received_offline": ~Q(channel=2)})
    add(
        "finished_at",
        {
            "finished_early": Q(timeliness="early"),
            "finished_on_time": Q(timeliness="on_time"),
            "finished_late": Q(timeliness="late"),
        },
    )
    add("closed_at", {"closed_other": Q(received_at__isnull=False, finished_at__isnull=True)})
    # Closed dossiers that were overdue and in progress at the end of some day (counting.overdue_span).
    spans = (
        base.filter(received_at__isnull=False, original_due_at__isnull=False, closed_at__isnull=False)
        .annotate(
            start=TruncDate(Greatest("received_at", "original_due_at"), tzinfo=VN_TZ),
            end=TruncDate("closed_at", tzinfo=VN_TZ),
        )
        .filter(end__gt=F("start"))
    )
    for metric, day in (("overdue_from", "start"), ("overdue_until", "end")):
        for r in spans.values("receiving_agency_id", "field_id", day).annotate(n=Count("id")).order_by():
            counts[(r["receiving_agency_id"], r["field_id"], r[day])][metric] += r["n"]
    return {k: v for k, v in counts.items() if any(v.values())}


def differences() -> list[Difference]:
    """Compare the stored counters with a full recount."""
    expected = recount()
    stored = {(r.agency_id, r.field_id, r.day): {m: getattr(r, m) for m in METRICS} for r in DailyCount.objects.all()}
    diffs = []
    for key in sorted(set(expected) | set(stored), key=lambda k: (k[2], k[0], k[1])):
        want, have = expected.get(key, dict.fromkeys(METRICS, 0)), stored.get(key, dict.fromkeys(METRICS, 0))
        diffs += [Difference(*key, m, have[m], want[m]) for m in METRICS if have[m] != want[m]]
    return diffs


@transaction.atomic
def rebuild() -> int:
    """Replace every counter with the recount; return the number of rows written."""
    DailyCount.objects.all().delete()
    rows = [DailyCount(agency_id=a, field_id=f, day=d, **values) for (a, f, d), values in recount().items()]
    DailyCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
