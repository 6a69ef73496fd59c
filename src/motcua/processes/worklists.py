"""The internal process in the officials' work lists: which open steps wait for whom (Việc của tôi),
and who is working a dossier (Người xử lý).

A step waits for an official when it is assigned to them, or when it is not assigned to anyone and
they hold its role at its body (``flow.holds``: whoever holds the role may do it). Everything here
reads a whole page of dossiers in a fixed number of queries, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from motcua.core.text import fold
from motcua.dossiers.models import Dossier
from motcua.organisation.models import OfficialRole

from .models import DossierStep
from .selectors import role_pairs

MAX_HOLDERS = 3  # names shown for an unassigned step; the rest are counted


def waiting_for(user: Any, pairs: set[tuple[int, str]] | None = None) -> QuerySet[DossierStep]:
    """Return the open steps waiting for ``user``: assigned to them, or unassigned at their role and body."""
    if not getattr(user, "is_authenticated", False):
        return DossierStep.objects.none()
    pairs = role_pairs(user) if pairs is None else pairs
    condition = Q(assignee_id=user.pk)
    for agency_id, role in sorted(pairs):
        condition |= Q(agency_id=agency_id, role=role, assignee__isnull=True)
    return DossierStep.objects.filter(condition, finished_at__isnull=True)


@dataclass(frozen=True)
class Handlers:
    """Who works one dossier: named people, and how many more hold the open step's role."""

    names: tuple[str, ...] = ()
    more: int = 0


@dataclass(frozen=True)
class WorkDetails:
    """What a work-list row shows beside the dossier: its handlers and the steps waiting for the reader."""

    handlers: Handlers = Handlers()
    mine: tuple[DossierStep, ...] = field(default=())  # open steps waiting for the reader, by due time


def details(user: Any, dossiers: list[Dossier]) -> dict[int, WorkDetails]:
    """Return the work-list details of ``dossiers`` (a page) for ``user``, in three queries at most.

    Người xử lý: for each open step, its assignee, or else the active officials holding its role
    at its body; a dossier without an open step shows its assignee (``Dossier.assignee``, loaded
    by the caller with ``select_related``), else nobody.
    """
    if not dossiers:
        return {}
    pairs = role_pairs(user)
    open_rows = list(
        DossierStep.objects.filter(dossier_id__in=[d.pk for d in dossiers], finished_at__isnull=True)
        .select_related("step", "assignee", "agency")
        .order_by("due_at", "id")
    )
    holders = _holders({(r.agency_id, r.role) for r in open_rows if r.assignee_id is None and r.agency_id})
    by_dossier: dict[int, list[DossierStep]] = defaultdict(list)
    for row in open_rows:
        by_dossier[row.dossier_id].append(row)
    result = {}
    for d in dossiers:
        rows = by_dossier.get(d.pk, [])
        mine = tuple(
            r for r in rows if r.assignee_id == user.pk or (r.assignee_id is None and (r.agency_id, r.role) in pairs)
        )
        result[d.pk] = WorkDetails(handlers=_handlers_of(d, rows, holders), mine=mine)
    return result


def _holders(keys: set[tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    if not keys:
        return {}
    condition = Q()
    for agency_id, role in sorted(keys):
        condition |= Q(agency_id=agency_id, role=role)
    found: dict[tuple[int, str], set[str]] = defaultdict(set)
    for grant in OfficialRole.objects.filter(condition, active=True, user__is_active=True).select_related("user"):
        found[(grant.agency_id, grant.role)].add(grant.user.display_name)
    # Alphabetical the Vietnamese way on every database: "Đỗ" with the D's.
    return {key: sorted(names, key=lambda n: (fold(n), n)) for key, names in found.items()}


def step_workers(rows: list[DossierStep]) -> dict[int, list[str]]:
    """Người xử lý of each open step (by id), in one query: its assignee, else the active officials
    holding its role at its body. The one computation behind the work lists and the dossier page."""
    holders = _holders({(r.agency_id, r.role) for r in rows if r.assignee_id is None and r.agency_id})
    return {row.pk: _workers_of(row, holders) for row in rows}


def _workers_of(row: DossierStep, holders: dict[tuple[int, str], list[str]]) -> list[str]:
    if row.assignee is not None:
        return [row.assignee.display_name]
    return holders.get((row.agency_id, row.role), []) if row.agency_id else []


def _handlers_of(dossier: Dossier, rows: list[DossierStep], holders: dict[tuple[int, str], list[str]]) -> Handlers:
    names: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for name in _workers_of(row, holders):
            if name not in seen:
                seen.add(name)
                names.append(name)
    more = max(len(names) - MAX_HOLDERS, 0)
    names = names[:MAX_HOLDERS]
    if not rows and dossier.assignee_id is not None:
        names = [dossier.assignee.display_name]  # type: ignore[union-attr]
    return Handlers(names=tuple(names), more=more)
