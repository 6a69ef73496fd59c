"""Reads for the public disclosure page and the leaders' dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import IN_PROCESS, Status
from motcua.feedback.models import Rating
from motcua.organisation.models import Agency
from motcua.organisation.permissions import agencies_of
from motcua.postal.models import PostalOrder
from motcua.stats.models import METRICS, DailyCount
from motcua.stats.services.report import agency_scope, period_bounds

LEADER_ROLES = {"head", "tthc_control", "admin"}


@dataclass
class BodyFigures:
    """Công khai: one body's figures for a period."""

    agency_code: str
    agency_name: str
    received: int
    online: int
    resolved: int
    early: int
    on_time: int
    late: int
    late_with_apology: int
    rated: int = 0
    satisfied: int = 0

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def timely_rate(self) -> float | None:
        return (self.early + self.on_time) / self.resolved if self.resolved else None

    @property
    def online_rate(self) -> float | None:
        return self.online / self.received if self.received else None


def body_figures(date_from: date, date_to: date, scope: list[int] | None = None) -> list[BodyFigures]:
    """Return per receiving body: received (online), resolved early / on time / late, late with apology."""
    qs = DailyCount.objects.filter(day__gte=date_from, day__lte=date_to)
    if scope is not None:
        qs = qs.filter(agency_id__in=scope)
    rows: Any = qs.values("agency_id").annotate(**{m: Sum(m) for m in METRICS})
    start, end = period_bounds(date_from, date_to)
    apologies = dict(
        Dossier.objects.filter(
            finished_at__gte=start, finished_at__lt=end, timeliness="late", extended_at__isnull=False
        )
        .values_list("receiving_agency_id")
        .annotate(n=Count("id"))
        .values_list("receiving_agency_id", "n")
    )
    names = {a.pk: a for a in Agency.objects.filter(pk__in=[r["agency_id"] for r in rows])}
    ratings = _ratings_by_agency(start, end, list(names))
    result = [
        BodyFigures(
            agency_code=names[r["agency_id"]].code,
            agency_name=names[r["agency_id"]].name,
            received=r["received_online"] + r["received_offline"],
            online=r["received_online"],
            resolved=r["finished_early"] + r["finished_on_time"] + r["finished_late"],
            early=r["finished_early"],
            on_time=r["finished_on_time"],
            late=r["finished_late"],
            late_with_apology=apologies.get(r["agency_id"], 0),
            rated=ratings.get(r["agency_id"], (0, 0))[0],
            satisfied=ratings.get(r["agency_id"], (0, 0))[1],
        )
        for r in rows
    ]
    return sorted(result, key=lambda b: b.agency_name)


def _ratings_by_agency(start: Any, end: Any, agency_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(ratings, satisfied ratings) per agency for ratings given in the period."""
    rows = (
        Rating.objects.filter(agency_id__in=agency_ids, created_at__gte=start, created_at__lt=end)
        .values("agency_id")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(level__in=["very_satisfied", "satisfied"])))
    )
    return {r["agency_id"]: (r["n"], r["ok"]) for r in rows}


def recently_completed(limit: int = 30, scope: list[int] | None = None) -> QuerySet[Dossier]:
    """Dossiers finished most recently (public: code, procedure, body, dates, timeliness only)."""
    qs = Dossier.objects.filter(finished_at__isnull=False).select_related("procedure_version", "receiving_agency")
    if scope is not None:
        qs = qs.filter(receiving_agency_id__in=scope)
    return qs.only(
        "code",
        "procedure_version__name",
        "receiving_agency__name",
        "received_at",
        "due_at",
        "original_due_at",
        "finished_at",
        "timeliness",
    ).order_by("-finished_at")[:limit]


def monthly_volumes(months: int, scope: list[int] | None) -> list[dict[str, Any]]:
    """Received and resolved per month for the last ``months`` months (the dashboard's chart)."""
    today = clock.local_now().date()
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
    qs = DailyCount.objects.filter(day__gte=first)
    if scope is not None:
        qs = qs.filter(agency_id__in=scope)
    buckets: dict[tuple[int, int], dict[str, int]] = {}
    for row in qs.values("day", *METRICS):
        key = (row["day"].year, row["day"].month)
        b = buckets.setdefault(key, dict.fromkeys(METRICS, 0))
        for metric in METRICS:
            b[metric] += row[metric]
    result = []
    y, m = first.year, first.month
    for _ in range(months):
        b = buckets.get((y, m), dict.fromkeys(METRICS, 0))
        resolved = b["finished_early"] + b["finished_on_time"] + b["finished_late"]
        result.append(
            {
                "label": f"{m:02d}/{y}",
                "received": b["received_online"] + b["received_offline"],
                "online": b["received_online"],
                "resolved": resolved,
                "timely": b["finished_early"] + b["finished_on_time"],
                "late": b["finished_late"],
            }
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return result


def overdue_by_body(scope: list[int] | None) -> list[dict[str, Any]]:
    """Open dossiers past their legal due time, per handling body, and where they stall (status)."""
    now = clock.now()
    qs = Dossier.objects.filter(status__in=list(IN_PROCESS - {Status.SUPPLEMENT_REQUESTED}), original_due_at__lt=now)
    if scope is not None:
        qs = qs.filter(handling_agency_id__in=scope)
    rows: Any = (
        qs.values("handling_agency__code", "handling_agency__name")
        .annotate(
            total=Count("id"),
            received=Count("id", filter=Q(status=Status.RECEIVED)),
            processing=Count("id", filter=Q(status=Status.PROCESSING)),
            approved=Count("id", filter=Q(status=Status.APPROVED)),
            fee=Count("id", filter=Q(status=Status.FEE_REQUESTED)),
        )
        .order_by("-total")
    )
    return list(rows)


def leader_scope(user: Any) -> list[int]:
    """Agencies whose figures ``user`` may see as a leader: their agencies and those below (empty: none).

    Never None: callers must not confuse "no rights" with "every agency".
    """
    ids: set[int] = set()
    for code in Agency.objects.filter(pk__in=agencies_of(user, LEADER_ROLES)).values_list("code", flat=True):
        ids.update(agency_scope(code) or [])
    return sorted(ids)


def postal_counts(start: date, end: date, scope: list[int]) -> dict[str, int]:
    """Dossiers of the bodies in ``scope`` received by post (the postal channel, or papers picked up
    by the public postal service) and results returned by post (delivered), in the period (local days)."""
    lo = datetime.combine(start, time.min, tzinfo=clock.VN_TZ)
    hi = datetime.combine(end, time.min, tzinfo=clock.VN_TZ) + timedelta(days=1)
    mine = Dossier.objects.filter(receiving_agency_id__in=scope)
    picked = PostalOrder.objects.filter(direction="pickup", status__in=("picked_up", "in_transit", "delivered"))
    received = mine.filter(received_at__gte=lo, received_at__lt=hi).filter(
        Q(channel=3) | Q(pk__in=picked.values("dossier_id"))
    )
    delivered = PostalOrder.objects.filter(direction="delivery", status="delivered")
    returned = mine.filter(returned_at__gte=lo, returned_at__lt=hi, pk__in=delivered.values("dossier_id"))
    return {"received_by_post": received.count(), "returned_by_post": returned.count()}
