"""Reads of a dossier's internal process through the caller's visibility (quy trình nội bộ).

Officials of the dossier's receiving or handling agency see every step; an official of another
body (a consulted body, liên thông) sees only the steps at the bodies where they hold a role.
Citizens see no step: the internal process is the administration's working record. Callers first
check that the dossier itself is visible (``dossiers.selectors.get_visible``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import TRANSITIONS
from motcua.organisation.models import OfficialRole

from . import conf, services
from .models import DossierProcess, DossierStep

# Dossier-level actions that, while a process runs, finish the actor's open step of the action's role.
STEP_ACTIONS = ("approve", "refuse", "issue_result", "return_result")


def role_pairs(user: Any) -> set[tuple[int, str]]:
    """Return the (agency id, role) pairs ``user`` holds (active roles only)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OfficialRole.objects.filter(user=user, active=True).values_list("agency_id", "role"))


def sees_all_steps(pairs: set[tuple[int, str]], dossier: Dossier) -> bool:
    """Officials of the receiving or handling agency see the whole process."""
    return any(agency in (dossier.receiving_agency_id, dossier.handling_agency_id) for agency, _role in pairs)


def visible_steps(user: Any, dossier: Dossier, pairs: set[tuple[int, str]] | None = None) -> list[DossierStep]:
    """Return the dossier's steps ``user`` may see, in the order they opened (none for non-officials)."""
    if not getattr(user, "is_official", False):
        return []
    pairs = role_pairs(user) if pairs is None else pairs
    if not pairs:
        return []
    qs = (
        DossierStep.objects.filter(dossier_id=dossier.pk)
        .select_related("step", "agency", "assignee", "finished_by")
        .order_by("started_at", "id")
    )
    if not sees_all_steps(pairs, dossier):
        qs = qs.filter(agency_id__in={agency for agency, _role in pairs})
    return list(qs)


def holds(pairs: set[tuple[int, str]], row: DossierStep) -> bool:
    """Same rule as ``flow.holds`` for an official, from pairs already read."""
    return row.agency_id is not None and (row.agency_id, row.role) in pairs


def is_head_of(pairs: set[tuple[int, str]], row: DossierStep) -> bool:
    return row.agency_id is not None and (row.agency_id, "head") in pairs


# Whose step a head may send the dossier back to (trả lại); see statuses.TRANSITIONS["send_back"].
RETURN_TO_ROLES = frozenset({"specialist"})


def returnable(row: DossierStep, previous: DossierStep | None) -> bool:
    """Whether the open ``row`` may be sent back to ``previous``, the step whose finishing opened it.

    The step's role must be one the "send_back" transition names (the head), and the step before it
    a specialist's step that was finished (not refused or cancelled). The process decides the
    rest: the specialist's step runs again from where it was.
    """
    return (
        row.finished_at is None
        and row.role in TRANSITIONS["send_back"].roles
        and previous is not None
        and previous.pk == row.previous_id
        and previous.role in RETURN_TO_ROLES
        and previous.finished_at is not None
        and previous.outcome not in ("refuse", "cancelled", "returned")
    )


def process_running(dossier_id: int) -> bool:
    return DossierProcess.objects.filter(dossier_id=dossier_id, status=DossierProcess.Status.RUNNING).exists()


def held_step_roles(user: Any, dossier: Dossier) -> frozenset[str]:
    """The roles of the open steps of the dossier's running process that ``user`` holds (at any body).

    No query for a procedure that never had a process.
    """
    if not services.version_processes(dossier.procedure_version_id).any or not process_running(dossier.pk):
        return frozenset()
    pairs = role_pairs(user)
    return frozenset(r.role for r in services.active_steps(dossier.pk) if holds(pairs, r))


def filter_actions(user: Any, dossier: Dossier, actions: list[str]) -> list[str]:
    """Drop the dossier-level actions the lifecycle refuses while the dossier's process runs.

    Forwarding is refused (the process routes the dossier); approve / refuse / issue the result /
    return it only finish an open step of the action's role that the user holds (``flow.take``);
    refusing also needs a step that may refuse; asking for a supplement after reception a held step
    that may ask (``flow.check_supplement_allowed``). Everything else is left as it is.
    """
    if not any(a in ("forward", "request_supplement") or a in STEP_ACTIONS for a in actions):
        return actions
    if not services.version_processes(dossier.procedure_version_id).any or not process_running(dossier.pk):
        return actions
    pairs = role_pairs(user)
    held = [r for r in services.active_steps(dossier.pk) if holds(pairs, r)]
    result = []
    for action in actions:
        if action == "forward":
            continue
        if (
            action == "request_supplement"
            and dossier.status != "submitted"
            and not any(r.step.can_request_supplement for r in held)
        ):
            continue
        if action in STEP_ACTIONS:
            roles = TRANSITIONS[action].roles
            if not any(r.role in roles and (action != "refuse" or r.step.can_refuse) for r in held):
                continue
        result.append(action)
    return result


def step_state(row: DossierStep, now: datetime) -> str:
    """Return "done", "cancelled", "overdue", "due_soon" or "running" for a step."""
    if row.finished_at is not None:
        return "cancelled" if row.outcome == "cancelled" else "done"
    if row.due_at <= now:
        return "overdue"
    if row.due_at <= now + conf.due_soon_window():
        return "due_soon"
    return "running"


def my_steps(user: Any) -> QuerySet[DossierStep]:
    """Return the open steps at the bodies and roles ``user`` holds, by due time (lazy: page it in SQL)."""
    return services.worklist(user)


def step_counts(rows: QuerySet[DossierStep], now: datetime) -> dict[str, int]:
    """Count the overdue and due-soon steps of a work list in one query."""
    soon = now + conf.due_soon_window()
    counts = rows.aggregate(
        overdue=Count("id", filter=Q(due_at__lte=now)), due_soon=Count("id", filter=Q(due_at__gt=now, due_at__lte=soon))
    )
    return {"overdue": counts["overdue"] or 0, "due_soon": counts["due_soon"] or 0}


def with_details(rows: list[DossierStep]) -> list[DossierStep]:
    """Load what a list of steps shows (body, assignee, dossier's procedure) in a fixed number of queries."""
    prefetch_related_objects(rows, "agency", "assignee", "dossier__procedure_version__procedure")
    return rows


def assignable(row: DossierStep) -> list[Any]:
    """Return the active officials holding the step's role at the step's body (who may be given it)."""
    if row.agency_id is None:
        return []
    ids = OfficialRole.objects.filter(agency_id=row.agency_id, role=row.role, active=True).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username"))


def overdue_steps(scope: list[int] | None, now: datetime, limit: int = 20) -> list[dict[str, Any]]:
    """Where dossiers stall inside their processes: open steps past their due time, per body and step.

    ``scope``: the leader's agencies (the steps at them, and the steps of the dossiers they handle);
    None for every agency. Reads the (finished_at, due_at) index of open steps.
    """
    from django.db.models import Count, Min, Q

    qs = DossierStep.objects.filter(finished_at__isnull=True, due_at__lt=now)
    if scope is not None:
        qs = qs.filter(Q(agency_id__in=scope) | Q(dossier__handling_agency_id__in=scope))
    rows: Any = (
        qs.values("agency__name", "body", "step__name")
        .annotate(total=Count("id"), oldest=Min("due_at"))
        .order_by("-total", "oldest")[:limit]
    )
    return list(rows)
