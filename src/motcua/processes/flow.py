"""What the dossier lifecycle does to a dossier's internal process (quy trình nội bộ).

Every function here runs inside the dossier's transition (dossiers/services/lifecycle.py), with the
dossier row locked, so a step and the dossier's status change in one transaction. The rules:

- reception starts the procedure's active process; a first step of the one-stop desk
  (``reception`` at the receiving body) is the reception itself and is finished by it;
- while the process runs, a step is finished by the official holding its role at its body, either
  with "Hoàn thành bước" or with the legal action it amounts to (approve: a head's step, issue the
  result: a clerk's step, return: a one-stop desk step, refuse: a step that may refuse);
- a supplement request after reception needs a step that may ask for one;
- the clock of the open steps stops while the dossier waits for the applicant (supplement, fees)
  and moves with the dossier's extension;
- the head may send the dossier back (trả lại) from a step that follows a specialist's step: that
  step opens again for the same official;
- withdrawal, stop and refusal at reception cancel the process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.calendars.workcal import WorkingCalendar
from motcua.core import outbox
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied
from motcua.dossiers.models import Dossier
from motcua.dossiers.notifications import local
from motcua.notifications.reminders import official_payload
from motcua.organisation.models import Role
from motcua.organisation.permissions import roles_at

from . import selectors, services
from .models import DossierProcess, DossierStep

# Roles whose open step still means "being processed" (not: issuing or returning the result).
PROCESSING_ROLES = frozenset({"specialist", "head"})


def begin(d: Dossier, *, actor: Actor, now: datetime) -> dict[str, Any]:
    """Start the process at reception; return data for the reception's history line."""
    started = services.start_locked(d, now)
    if started is None:
        return {}
    process, rows = started
    first = [r for r in rows if r.role == "reception" and r.agency_id == d.receiving_agency_id]
    if first and len(rows) == 1:
        opened = services.advance(process, first[0], {r.pk: r for r in rows}, actor=actor, outcome="receive", dossier=d)
        rows = opened
    return {"process": process.definition.number, "next_steps": _names(rows)}


def _names(rows: list[DossierStep]) -> list[str]:
    return [r.step.name for r in rows]


def running(d: Dossier) -> DossierProcess | None:
    """Return the dossier's running process, locked (the caller holds the dossier lock).

    No query for a procedure that never had a process (the usual case of the hot path).
    """
    if not services.version_processes(d.procedure_version_id).any:
        return None
    process = services.locked_process(d.pk)
    if process is None or process.status != DossierProcess.Status.RUNNING:
        return None
    return process


def holds(actor: Actor, row: DossierStep) -> bool:
    """Whether ``actor`` may do ``row``: the system, or an official with the step's role at its body."""
    if actor.user is None and actor.channel == "system":
        return True
    return row.agency_id is not None and row.role in roles_at(actor.user, row.agency_id)


def step_actor(actor: Actor, dossier: Dossier, step_row_id: int | None) -> tuple[str, int | None]:
    """Authorise ``actor`` for a step of ``dossier``; return (role, body) for the history line."""
    row = DossierStep.objects.filter(pk=step_row_id, dossier_id=dossier.pk).first() if step_row_id else None
    if row is None:
        raise NotFound(_("Không tìm thấy bước xử lý."), code="step_not_found")
    if not holds(actor, row):
        raise PermissionDenied(
            _("Bạn không có vai trò thực hiện bước này."),
            code="step_denied",
            details={"role": row.role, "body": row.body},
        )
    if row.finished_at is not None:
        raise Conflict(_("Bước này đã xong."), code="step_finished")
    return ("system" if actor.user is None else row.role), row.agency_id


def current_steps_text(rows: list[DossierStep]) -> str:
    return "; ".join(f"{r.step.name} ({Role(r.role).label})" for r in rows)


def take(
    d: Dossier,
    actor: Actor,
    *,
    roles: frozenset[str],
    outcome: str,
    note: str = "",
    step_row_id: int | None = None,
    refuse: bool = False,
) -> dict[str, Any] | None:
    """Finish the actor's open step for a lifecycle action; return history data, None without a process.

    With a running process the actor must hold an open step (of one of ``roles`` unless the step is
    named); otherwise the process is not at the actor yet and the action is refused (409).
    """
    process = running(d)
    if process is None:
        return None
    open_rows = services.open_rows_of(d.pk)
    by_pk = services.step_by_pk(process.definition_id)
    for r in open_rows.values():
        r.step = by_pk[r.step_id]
    if step_row_id is not None:  # the named step, still of one of ``roles`` (a legal action is its role's)
        candidates = [
            r for r in open_rows.values() if r.pk == step_row_id and holds(actor, r) and (not roles or r.role in roles)
        ]
    else:
        candidates = [
            r for r in open_rows.values() if r.role in roles and holds(actor, r) and (not refuse or r.step.can_refuse)
        ]
    if not candidates:
        raise InvalidTransition(
            _("Theo quy trình nội bộ, hồ sơ đang ở bước: %(steps)s.")
            % {"steps": current_steps_text(list(open_rows.values())) or "—"},
            code="not_your_step",
            details={
                "open_steps": [
                    {"id": r.pk, "step": r.step.name, "role": r.role, "body": r.body} for r in open_rows.values()
                ]
            },
        )
    row = candidates[0]
    if refuse and not row.step.can_refuse:
        raise services.refusal_not_allowed(row.step)
    opened = services.advance(
        process, row, open_rows, actor=actor, outcome="refuse" if refuse else outcome, note=note, dossier=d
    )
    remaining = [r for r in open_rows.values() if r.pk != row.pk] + opened
    return {
        "step": row.step.name,
        "step_id": row.pk,
        "next_steps": _names(opened),
        "processing_left": any(r.role in PROCESSING_ROLES for r in remaining),
        "process_done": process.status != DossierProcess.Status.RUNNING,
    }


def send_back(d: Dossier, actor: Actor, *, step_row_id: int, note: str) -> dict[str, Any]:
    """Trả lại: the head's open step is closed and the specialist's step before it opens again.

    Only from a step ``selectors.returnable`` allows (its predecessor is a specialist's step); the
    step opens again for the official who finished it, who is told (notice "step_returned").
    """
    process = running(d)
    if process is None:
        raise InvalidTransition(_("Hồ sơ không có quy trình nội bộ đang chạy."), code="process_not_running")
    open_rows = services.open_rows_of(d.pk)
    row = open_rows.get(step_row_id)
    if row is None:
        raise Conflict(_("Bước này đã xong."), code="step_finished")
    by_pk = services.step_by_pk(process.definition_id)
    previous = DossierStep.objects.filter(pk=row.previous_id).first() if row.previous_id else None
    if previous is None or not selectors.returnable(row, previous):
        raise InvalidTransition(
            _("Chỉ trả lại được từ bước ngay sau bước của chuyên viên xử lý; bước “%(step)s” không có bước đó.")
            % {"step": by_pk[row.step_id].name},
            code="send_back_not_allowed",
        )
    row.step, previous.step = by_pk[row.step_id], by_pk[previous.step_id]
    opened, closed = services.send_back(process, row, previous, open_rows, actor=actor, note=note, dossier=d)
    again = next(r for r in opened if r.task_id == previous.task_id)
    _tell_returned(d, again, row, note)
    return {
        "step": row.step.name,
        "step_id": row.pk,
        "returned_to": previous.step.name,
        "returned_step_id": again.pk,
        "assignee": again.assignee.username if again.assignee else None,
        "closed_steps": [by_pk[r.step_id].name for r in closed if r.pk != row.pk],
        "next_steps": _names(opened),
    }


def _tell_returned(d: Dossier, again: DossierStep, returned_from: DossierStep, reason: str) -> None:
    """Queue the notice to whoever does the step again: its assignee, else everyone holding its role at its body."""
    # Function-local: escalation (the deadline tick) reaches this module through the dossier transitions.
    from .escalation import holders

    people = [again.assignee_id] if again.assignee_id else holders(again.agency_id, [again.role])
    extra = {
        "step": again.step.name,
        "step_due": local(again.due_at),
        "reason": reason,
        "from_step": returned_from.step.name,
        "body": again.agency.name if again.agency else again.body,
    }
    for user_id in people:
        outbox.enqueue(
            topic="notify",
            key=f"step_returned:{again.pk}:{user_id}",
            payload=official_payload("step_returned", d, user_id, extra),
        )


def assign_open_steps(d: Dossier, actor: Actor, user: Any) -> list[str]:
    """Phân công: give the open steps at the head's bodies that ``user`` can do to ``user``; return their names."""
    process = running(d)
    if process is None:
        return []
    steps = services.step_by_pk(process.definition_id)
    names = []
    for row in services.open_rows_of(d.pk).values():
        if row.agency_id is None or row.role not in roles_at(user, row.agency_id):
            continue
        if actor.user is not None and "head" not in roles_at(actor.user, row.agency_id):
            continue
        row.assignee = user
        row.save(update_fields=["assignee"])
        names.append(steps[row.step_id].name)
    return names


def check_supplement_allowed(d: Dossier, actor: Actor) -> None:
    """After reception, asking for a supplement needs an open step of the actor that allows it."""
    process = running(d)
    if process is None:
        return
    steps = services.step_by_pk(process.definition_id)
    rows = list(services.open_rows_of(d.pk).values())
    if any(steps[r.step_id].can_request_supplement and holds(actor, r) for r in rows):
        return
    for r in rows:
        r.step = steps[r.step_id]
    raise InvalidTransition(
        _("Theo quy trình nội bộ, bước hiện tại của bạn không được yêu cầu bổ sung hồ sơ (đang ở bước: %(steps)s).")
        % {"steps": current_steps_text(rows) or "—"},
        code="supplement_not_allowed_by_process",
    )


def stop(d: Dossier) -> None:
    """Cancel the process (withdrawn, stopped, refused at reception or outside the process)."""
    if services.version_processes(d.procedure_version_id).any:
        services.cancel(d.pk)


def pause_ended(d: Dossier, *, paused_at: datetime, resumed_at: datetime, cal: WorkingCalendar) -> None:
    """The open steps keep the working time they had left when the clock stopped."""
    if not services.version_processes(d.procedure_version_id).any:
        return
    for row in DossierStep.objects.filter(
        dossier_id=d.pk, finished_at__isnull=True, started_at__lte=paused_at, due_at__gt=paused_at
    ):
        row.due_at = cal.add_working_time(resumed_at, cal.working_time_between(paused_at, row.due_at))
        row.save(update_fields=["due_at"])


def extended(d: Dossier, *, old_due: datetime, new_due: datetime, cal: WorkingCalendar) -> None:
    """The extension (Mẫu 04) gives the open steps the same extra working time as the dossier."""
    if not services.version_processes(d.procedure_version_id).any:
        return
    extra = cal.working_time_between(old_due, new_due)
    for row in DossierStep.objects.filter(dossier_id=d.pk, finished_at__isnull=True):
        row.due_at = cal.add_working_time(row.due_at, extra)
        row.save(update_fields=["due_at"])
