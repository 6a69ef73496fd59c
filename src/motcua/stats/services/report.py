"""The statutory report, Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP; domain.md §8).

One row per field (lĩnh vực) and level of the receiving agency:
- received: carried over (received before the period, still open at its start) + newly received
  online + newly received in person or by post;
- resolved in the period: total, early, on time, late (against the legal due time, by date and time);
- in progress at the period end: total, in time (due after the period end), overdue.
Received dossiers that ended without a result (withdrawn, stopped) leave the count when they end.

Everything comes from DailyCount except the dossiers still open now that are already overdue at
the period end: those are read from the dossier table through a partial index holding only open
dossiers (stats migration 0002), so the query stays small whatever the size of the history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from motcua.catalogue.models import Field
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.organisation.models import Agency
from motcua.stats.models import METRICS, DailyCount

Key = tuple[int, str]  # (field id, agency level)


@dataclass
class ReportRow:
    field_code: str
    field_name: str
    level: str
    received_total: int = 0
    received_online: int = 0
    received_offline: int = 0
    carried_over: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_total: int = 0
    in_progress_in_time: int = 0
    in_progress_overdue: int = 0
    _closed_other: int = field(default=0, repr=False)

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_closed_other")
        data["level_label"] = self.level_label
        return data


COLUMNS = [c for c in ReportRow.__dataclass_fields__ if not c.startswith("_")]
# The CSV exports: the level's code (for programs) and its label (for people).
EXPORT_COLUMNS = [*COLUMNS[:3], "level_label", *COLUMNS[3:]]


def level_label(level: str) -> str:
    """Return the label of an agency level ("commune" → "Cấp xã"); "" for the total row."""
    return str(Agency.Level(level).label) if level in Agency.Level.values else level


def period_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """Return [start, end) in Vietnam time for the inclusive local dates."""
    return (
        datetime.combine(date_from, time.min, tzinfo=VN_TZ),
        datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VN_TZ),
    )


def agency_scope(code: str | None) -> list[int] | None:
    """Return the ids of the agency with ``code`` and every agency below it (None: all agencies)."""
    if not code:
        return None
    root = Agency.objects.filter(code=code).values_list("pk", flat=True).first()
    if root is None:
        return []
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Agency.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    ids, todo = [], [root]
    while todo:
        current = todo.pop()
        ids.append(current)
        todo.extend(children.get(current, []))
    return ids


def _counts(qs: QuerySet[DailyCount]) -> dict[Key, dict[str, int]]:
    rows: Any = qs.values("field_id", "agency__level").annotate(**{m: Sum(m) for m in METRICS})
    return {(r["field_id"], r["agency__level"]): {m: r[m] or 0 for m in METRICS} for r in rows}


def statutory_report(*, date_from: date, date_to: date, agency_code: str | None = None) -> list[ReportRow]:
    """Return the rows of Biểu 06 for the period, sorted by field name and level, plus a total row."""
    _start, end = period_bounds(date_from, date_to)
    scope = agency_scope(agency_code)
    base = DailyCount.objects.all() if scope is None else DailyCount.objects.filter(agency_id__in=scope)
    before = _counts(base.filter(day__lt=date_from))
    during = _counts(base.filter(day__gte=date_from, day__lte=date_to))
    open_overdue = _open_now_overdue_at(end, scope)
    fields = {f.pk: f for f in Field.objects.all()}
    rows: dict[Key, ReportRow] = {}
    for key in sorted(set(before) | set(during), key=lambda k: (fields[k[0]].name, k[1])):
        b, d = before.get(key, dict.fromkeys(METRICS, 0)), during.get(key, dict.fromkeys(METRICS, 0))
        carried = (
            b["received_online"]
            + b["received_offline"]
            - b["finished_early"]
            - b["finished_on_time"]
            - b["finished_late"]
            - b["closed_other"]
        )
        row = ReportRow(
            field_code=fields[key[0]].code,
            field_name=fields[key[0]].name,
            level=key[1],
            carried_over=carried,
            received_online=d["received_online"],
            received_offline=d["received_offline"],
            resolved_early=d["finished_early"],
            resolved_on_time=d["finished_on_time"],
            resolved_late=d["finished_late"],
            _closed_other=d["closed_other"],
        )
        row.received_total = row.carried_over + row.received_online + row.received_offline
        row.resolved_total = row.resolved_early + row.resolved_on_time + row.resolved_late
        row.in_progress_total = row.received_total - row.resolved_total - row._closed_other
        # Closed since, but overdue and in progress at the period end (DailyCount), plus the open ones.
        row.in_progress_overdue = (
            b["overdue_from"] + d["overdue_from"] - b["overdue_until"] - d["overdue_until"] + open_overdue.get(key, 0)
        )
        row.in_progress_in_time = row.in_progress_total - row.in_progress_overdue
        if any(getattr(row, c) for c in COLUMNS[3:]):
            rows[key] = row
    result = list(rows.values())
    total = ReportRow(field_code="", field_name=str(_("Tổng cộng")), level="")
    for row in result:
        for column in COLUMNS[3:]:
            setattr(total, column, getattr(total, column) + getattr(row, column))
    return [*result, total]


def _open_now_overdue_at(moment: datetime, scope: list[int] | None) -> dict[Key, int]:
    """Count the dossiers open now that were received and past their legal due time at ``moment``.

    The filter matches the partial index ``stats_open_due`` (closed_at IS NULL AND received_at IS NOT
    NULL), whose rows are the open dossiers only, ordered by the legal due time.
    """
    qs = Dossier.objects.filter(
        closed_at__isnull=True, received_at__isnull=False, original_due_at__lt=moment, received_at__lt=moment
    )
    if scope is not None:
        qs = qs.filter(receiving_agency_id__in=scope)
    rows = qs.values("field_id", "receiving_agency_id").annotate(n=Count("id")).order_by()
    levels = dict(Agency.objects.values_list("pk", "level"))
    counts: dict[Key, int] = defaultdict(int)
    for r in rows:
        counts[(r["field_id"], levels[r["receiving_agency_id"]])] += r["n"]
    return counts


CELLS = (
    "carried_over",
    "received_online",
    "received_offline",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_in_time",
    "in_progress_overdue",
)


def cell_dossiers(
    cell: str,
    *,
    date_from: date,
    date_to: date,
    agency_code: str | None = None,
    field_code: str | None = None,
    level: str | None = None,
) -> QuerySet[Dossier]:
    """Return the dossiers behind one cell of the report (drill-down), read from the dossier table."""
    start, end = period_bounds(date_from, date_to)
    scope = agency_scope(agency_code)
    qs = Dossier.objects.all() if scope is None else Dossier.objects.filter(receiving_agency_id__in=scope)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if level:
        qs = qs.filter(receiving_agency__level=level)
    in_period = Q(received_at__gte=start, received_at__lt=end)
    finished = Q(finished_at__gte=start, finished_at__lt=end)
    filters = {
        "carried_over": Q(received_at__lt=start) & (Q(closed_at__isnull=True) | Q(closed_at__gte=start)),
        "received_online": in_period & Q(channel=2),
        "received_offline": in_period & ~Q(channel=2),
        "resolved_early": finished & Q(timeliness="early"),
        "resolved_on_time": finished & Q(timeliness="on_time"),
        "resolved_late": finished & Q(timeliness="late"),
    }
    if cell in filters:
        return qs.filter(filters[cell])
    still_open = Q(received_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    if cell == "in_progress_overdue":
        return qs.filter(still_open & Q(original_due_at__lt=end))
    if cell == "in_progress_in_time":
        return qs.filter(still_open & (Q(original_due_at__gte=end) | Q(original_due_at__isnull=True)))
    raise ValueError(f"unknown cell {cell!r}")
