"""The one mechanism every dossier state change goes through.

``transition()`` locks the dossier row, checks the expected version, the current status against
``statuses.TRANSITIONS`` and the actor's role at the right agency, lets the caller change the
dossier, bumps its version, writes the columns that changed, the history line and the notice, all
in one transaction. Callers never ``save()`` a dossier themselves.

This is the hot path of the system (every action of every official), so the dossier row, its
update and the history line use statements compiled once (``core.rowsql``), not the ORM's
per-call compilation; the transitions benchmark in ``bench/`` measures it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from motcua.core import clock, outbox, rowsql
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, InvalidTransition, PermissionDenied, not_found
from motcua.dossiers import rules
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.notes import resolve as note_visibility
from motcua.dossiers.statuses import CLOSED, FINISHED, TRANSITIONS, Scope, Status, Transition
from motcua.organisation.models import Role
from motcua.organisation.permissions import parse_roles, roles_sql
from motcua.stats.services.counting import count_statements

Change = Callable[[Dossier], dict[str, Any] | None]


def lock(dossier_id: int) -> Dossier:
    """Return the dossier with its row locked until the end of the transaction."""
    dossier = rowsql.lock(Dossier, dossier_id)
    if dossier is None:
        raise not_found("dossier")
    return dossier


def _lock_extra(db: BaseDatabaseWrapper) -> tuple[str, ...]:
    """What the lock reads besides the row: the roles at both bodies, a history line id (PostgreSQL)."""
    table, receiving, handling = rowsql.names(Dossier, "receiving_agency", "handling_agency", connection=db)
    next_event = rowsql.next_id_sql(DossierEvent, using=db.alias)
    return (
        roles_sql(f"{table}.{receiving}", db),
        roles_sql(f"{table}.{handling}", db),
        *([next_event] if next_event else []),
    )


def _lock_for(dossier_id: int, actor: Actor) -> tuple[Dossier, dict[int, set[str]], int | None]:
    """Lock the dossier; also return the actor's roles at its receiving and handling bodies and a
    reserved history line id (PostgreSQL), all read by the same statement."""
    user = actor.user
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    extra = rowsql.once("transition-lock", _lock_extra)
    found = rowsql.lock_with(Dossier, dossier_id, extra, [user_id, user_id])
    if found is None:
        raise not_found("dossier")
    dossier, values = found
    roles = {dossier.receiving_agency_id: parse_roles(values[0])}
    roles[dossier.handling_agency_id] = parse_roles(values[1])
    return dossier, roles, (values[2] if len(values) > 2 else None)


def acting_role(actor: Actor, dossier: Dossier, spec: Transition, known: dict[int, set[str]] | None = None) -> str:
    """Return the role under which ``actor`` may perform ``spec`` on ``dossier`` (``rules.acting_role``), or raise 403.

    ``known``: the actor's roles by body id, already read (else they are looked up).
    """
    system = actor.user is None and actor.channel == "system"
    role = rules.acting_role(spec, rules.standing(actor.user, dossier, known, system=system))
    if role is not None:
        return role
    if spec.scope == Scope.APPLICANT:
        raise PermissionDenied(_("Chỉ người nộp hồ sơ mới được thực hiện thao tác này."))
    raise PermissionDenied(
        _("Bạn không có quyền “%(action)s” đối với hồ sơ này.") % {"action": _(spec.label)},
        details={"action": spec.action, "required_roles": sorted(spec.roles)},
    )


def transition(
    *,
    dossier_id: int,
    action: str,
    actor: Actor,
    change: Change,
    note: str = "",
    expected_version: int | None = None,
    target: Status | None = None,
    notify: bool = True,
    step_row_id: int | None = None,
) -> tuple[Dossier, DossierEvent]:
    """Apply ``action`` to the dossier atomically and return it with its new history line.

    ``change`` mutates the locked dossier (dates, assignee, ...) and may return extra data for the
    history. It runs after every check, inside the transaction; raising from it rolls back all.
    Actions on a step of the internal process (Scope.STEP, or a legal action that finishes a step)
    name the step in ``step_row_id``; the actor must then hold that step instead of the table's role.
    """
    spec = TRANSITIONS[action]
    with transaction.atomic():
        dossier, roles, event_id = _lock_for(dossier_id, actor)
        unchanged = rowsql.snapshot(dossier)
        if expected_version is not None and dossier.version != expected_version:
            raise Conflict(
                _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại."),
                code="version_conflict",
                details={"expected_version": expected_version, "version": dossier.version},
            )
        body = None
        if spec.scope == Scope.STEP or step_row_id is not None:
            # The internal process grants the step's role at the step's body (possibly another body).
            # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
            from motcua.processes.flow import step_actor

            role, body = step_actor(actor, dossier, step_row_id)
            if spec.scope == Scope.STEP and spec.roles and role not in spec.roles | {"system"}:
                raise PermissionDenied(
                    _("Chỉ người giữ bước của vai trò %(roles)s được “%(action)s”.")
                    % {"roles": ", ".join(str(Role(r).label) for r in sorted(spec.roles)), "action": _(spec.label)},
                    code="step_denied",
                    details={"action": spec.action, "required_roles": sorted(spec.roles)},
                )
        else:
            role = acting_role(actor, dossier, spec, roles)
        before = Status(dossier.status)
        if before not in spec.sources:
            raise InvalidTransition(
                _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {"action": _(spec.label), "status": before.label},
                details={
                    "action": action,
                    "status": before.value,
                    "allowed_from": sorted(s.value for s in spec.sources),
                },
            )
        data = change(dossier) or {}
        # A change may choose the target itself (e.g. back to the status before a supplement).
        after = target or spec.target or Status(dossier.status)
        dossier.status = after
        if dossier.closed_at is None and after in FINISHED | CLOSED:
            dossier.closed_at = clock.now()
        dossier.version += 1
        # The row's changed columns, the counters, the history line and its notice: one round trip.
        writes = rowsql.Batch()
        writes.add(rowsql.update_statement(dossier, unchanged))
        event = record_event(
            dossier,
            action=action,
            actor=actor,
            role=role,
            before=before,
            after=after,
            note=note,
            data=data,
            agency_id=body,
            writes=writes,
            event_id=event_id,
        )
        if notify:
            writes.add(
                outbox.enqueue_statement(
                    topic="dossier.event",
                    key=f"dossier-event:{event.pk}",
                    payload={"dossier_id": dossier.pk, "event_id": event.pk, "action": action},
                )
            )
        writes.flush()
    return dossier, event


def record_event(
    dossier: Dossier,
    *,
    action: str,
    actor: Actor,
    role: str,
    before: Status | None,
    after: Status,
    note: str = "",
    data: dict[str, Any] | None = None,
    agency_id: int | None = None,
    writes: rowsql.Batch | None = None,
    event_id: int | None = None,
) -> DossierEvent:
    """Write one history line and count it. Only for use inside a dossier service's transaction.

    The line's body is ``agency_id`` when given (a step of another body), else the receiving body
    for the one-stop desk and the applicant and the handling body for everyone else. With
    ``writes`` the statements join that batch (the line then has the id ``event_id`` reserved by
    the caller, or gets one at once when None). Who may read the note: ``motcua.dossiers.notes.resolve``.
    """
    if agency_id is None:
        agency_id = dossier.receiving_agency_id if role in {"reception", "applicant"} else dossier.handling_agency_id
    now = clock.now()
    batch = writes if writes is not None else rowsql.Batch()
    for statement in count_statements(dossier, action, now):
        batch.add(statement)
    event = DossierEvent(
        dossier=dossier,
        at=now,
        action=action,
        actor=actor.user,
        actor_name=actor.name,
        actor_role=role,
        agency_id=agency_id,
        on_behalf_of=actor.on_behalf_of,
        channel=actor.channel,
        from_status=before.value if before else "",
        to_status=after.value,
        note=note,
        note_visibility=note_visibility(action, role, actor.note_visibility),
        data=data or {},
    )
    batch.insert(event, event_id)
    if writes is None:
        batch.flush()
    return event
