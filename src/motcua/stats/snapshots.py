"""Decision 766 measures per body for the current year, refreshed by the worker (IndexSnapshot).

The service index reads documents, payments and fee lines of a whole year: seconds at the scale of a
province. The dashboard shows the measures of the last refresh (every 30 minutes, and at worker
start) with the time they were computed; a body without a snapshot yet is computed on first use.
"""

from __future__ import annotations

from datetime import date, datetime

from motcua.core import clock, ticks
from motcua.organisation.models import Agency, OfficialRole
from motcua.stats.models import IndexSnapshot
from motcua.stats.selectors import LEADER_ROLES
from motcua.stats.services.service_index import service_index


def refresh(agency_id: int, today: date | None = None) -> IndexSnapshot:
    """Compute the body's measures from 1 January to ``today`` and store them."""
    today = today or clock.local_now().date()
    code = Agency.objects.values_list("code", flat=True).get(pk=agency_id)
    index = service_index(code, date(today.year, 1, 1), today)
    measures = {m.name: [m.numerator or 0, m.denominator or 0] for m in index.measures}
    snapshot, _ = IndexSnapshot.objects.update_or_create(
        agency_id=agency_id, year=today.year, defaults={"computed_at": clock.now(), "measures": measures}
    )
    return snapshot


def current(agency_ids: list[int], today: date | None = None) -> tuple[dict[str, list[int]], datetime | None]:
    """Return the summed measures of ``agency_ids`` this year and the oldest computation time."""
    today = today or clock.local_now().date()
    have = {s.agency_id: s for s in IndexSnapshot.objects.filter(agency_id__in=agency_ids, year=today.year)}
    totals: dict[str, list[int]] = {}
    oldest: datetime | None = None
    for agency_id in agency_ids:
        snapshot = have.get(agency_id) or refresh(agency_id, today)
        oldest = snapshot.computed_at if oldest is None else min(oldest, snapshot.computed_at)
        for name, (numerator, denominator) in snapshot.measures.items():
            acc = totals.setdefault(name, [0, 0])
            acc[0] += numerator
            acc[1] += denominator
    return totals, oldest


def refresh_all(today: date | None = None) -> int:
    """Refresh the bodies where someone holds a leader's role (the tops of the leaders' scopes)."""
    ids = sorted(
        set(OfficialRole.objects.filter(role__in=LEADER_ROLES, active=True).values_list("agency_id", flat=True))
    )
    for agency_id in ids:
        refresh(agency_id, today)
    return len(ids)


@ticks.tick(1800)
def snapshots_tick() -> None:
    refresh_all()
