"""Count each dossier event into DailyCount, in the transaction of the transition."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from motcua.core import rowsql
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.stats.models import METRICS, DailyCount

FINISHING = {"issue_result", "refuse", "refuse_step"}
CLOSING = {"withdraw", "stop"}


def metric_for(action: str, *, channel: int, timeliness: str, received: bool) -> str | None:
    """Return the DailyCount column an event adds one to, or None."""
    if action == "receive":
        return "received_online" if channel == 2 else "received_offline"
    if action in FINISHING:
        return f"finished_{timeliness}" if timeliness else None
    if action in CLOSING and received:
        return "closed_other"
    return None


def overdue_span(
    received_at: datetime | None, original_due_at: datetime | None, closed_at: datetime | None
) -> tuple[date, date] | None:
    """Return (overdue_from day, overdue_until day) of a closed dossier, or None when it has none.

    The dossier was in progress and overdue at the end of day D (local time) exactly when the
    first day < D + 1 <= the second day, i.e. at every day end from the first day up to the day
    before the second. None: it closed on or before the day its legal due time passed.
    """
    if received_at is None or original_due_at is None or closed_at is None:
        return None
    start = max(received_at, original_due_at).astimezone(VN_TZ).date()
    end = closed_at.astimezone(VN_TZ).date()
    return (start, end) if end > start else None


def count_statements(dossier: Dossier, action: str, at: datetime) -> list[tuple[str, list[Any]]]:
    """Return the upserts that add the event to the day's counters (one per day touched).

    Run them in the transaction that records the event (``transitions.record_event`` does).
    """
    if dossier.field_id is None:
        return []
    adds: dict[date, dict[str, int]] = defaultdict(dict)
    metric = metric_for(
        action, channel=dossier.channel, timeliness=dossier.timeliness, received=dossier.received_at is not None
    )
    if metric is not None:
        adds[at.astimezone(VN_TZ).date()][metric] = 1
    if action in FINISHING | CLOSING:
        span = overdue_span(dossier.received_at, dossier.original_due_at, dossier.closed_at)
        if span is not None:
            adds[span[0]]["overdue_from"] = adds[span[0]].get("overdue_from", 0) + 1
            adds[span[1]]["overdue_until"] = adds[span[1]].get("overdue_until", 0) + 1
    return [
        bump_statement(dossier.receiving_agency_id, dossier.field_id, day, metrics) for day, metrics in adds.items()
    ]


def bump_many(agency_id: int, field_id: int, day: date, metrics: dict[str, int]) -> None:
    """Add to counters of one agency, field and day in one statement (an upsert, safe under concurrency)."""
    with connection.cursor() as cursor:
        cursor.execute(*bump_statement(agency_id, field_id, day, metrics))


def _upsert(metrics: tuple[str, ...]) -> str:
    def build(db: BaseDatabaseWrapper) -> str:
        table, agency, field, day, *columns = rowsql.names(
            DailyCount, "agency", "field", "day", *METRICS, connection=db
        )
        column = dict(zip(METRICS, columns, strict=True))
        updates = ", ".join(f"{column[m]} = {table}.{column[m]} + excluded.{column[m]}" for m in metrics)
        return (
            f"INSERT INTO {table} ({agency}, {field}, {day}, {', '.join(columns)}) "  # noqa: S608 - names from the model
            f"VALUES (%s, %s, %s, {', '.join(['%s'] * len(columns))}) "
            f"ON CONFLICT ({agency}, {field}, {day}) DO UPDATE SET {updates}"
        )

    return rowsql.once(("daily-count", metrics), build)


def bump_statement(agency_id: int, field_id: int, day: date, metrics: dict[str, int]) -> tuple[str, list[Any]]:
    """Return the upsert of ``bump_many``."""
    unknown = set(metrics) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown metrics {sorted(unknown)}")
    return _upsert(tuple(metrics)), [agency_id, field_id, day, *(metrics.get(m, 0) for m in METRICS)]
