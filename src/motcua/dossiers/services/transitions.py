"""The one mechanism every dossier state change goes through.

``transition()`` locks the dossier row, checks the expected version, the current status against
``statuses.TRANSITIONS`` and the actor's role at the right agency, lets the caller change the
dossier, bumps its version, writes the history line and queues the notice, all in one
transaction. Callers never ``save()`` a dossier themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock, outbox
from motcua.core.errors import Conflict, InvalidTransition, PermissionDenied, not_found
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.actor import Actor
from motcua.dossiers.statuses import CLOSED, FINISHED, TRANSITIONS, Scope, Status, Transition
from motcua.organisation.permissions import roles_at
from motcua.stats.services.counting import count_event

Change = Callable[[Dossier], dict[str, Any] | None]


def lock(dossier_id: int) -> Dossier:
    """Return the dossier with its row locked until the end of the transaction."""
    try:
        return Dossier.objects.select_for_update().get(pk=dossier_id)
    except Dossier.DoesNotExist:
        raise not_found("dossier") from None


def acting_role(actor: Actor, dossier: Dossier, spec: Transition) -> str:
    """Return the role under which ``actor`` may perform ``spec`` on ``dossier``, or raise 403."""
    if actor.user is None and actor.channel == "system":
        return "system"  # our own code (worker, payment callbacks) acting through SYSTEM
    if spec.scope == Scope.APPLICANT:
        user = actor.user
        if user is not None and dossier.applicant_id is not None and dossier.applicant_id == user.pk:
            return "applicant"
        # At the counter a reception officer acts for an applicant who has no account.
        if "reception" in roles_at(user, dossier.receiving_agency_id):
            return "reception"
        raise PermissionDenied(_("Chỉ người nộp hồ sơ mới được thực hiện thao tác này."))
    agency_id = dossier.receiving_agency_id if spec.scope == Scope.RECEIVING else dossier.handling_agency_id
    held = roles_at(actor.user, agency_id) & spec.roles
    if not held:
        raise PermissionDenied(
            _("Bạn không có quyền “%(action)s” đối với hồ sơ này.") % {"action": _(spec.label)},
            details={"action": spec.action, "required_roles": sorted(spec.roles)},
        )
    return sorted(held)[0]


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
        dossier = lock(dossier_id)
        if expected_version is not None and dossier.version != expected_version:
            raise Conflict(
                _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại."),
                code="version_conflict", details={"expected_version": expected_version, "version": dossier.version},
            )
        body = None
        if spec.scope == Scope.STEP or step_row_id is not None:
            # The internal process grants the step's role at the step's body (possibly another body).
            from motcua.processes.flow import step_actor

            role, body = step_actor(actor, dossier, step_row_id)
        else:
            role = acting_role(actor, dossier, spec)
        before = Status(dossier.status)
        if before not in spec.sources:
            raise InvalidTransition(
                _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {"action": _(spec.label), "status": before.label},
                details={"action": action, "status": before.value, "allowed_from": sorted(s.value for s in spec.sources)},
            )
        data = change(dossier) or {}
        # A change may choose the target itself (e.g. back to the status before a supplement).
        after = target or spec.target or Status(dossier.status)
        dossier.status = after
        if dossier.closed_at is None and after in FINISHED | CLOSED:
            dossier.closed_at = clock.now()
        dossier.version += 1
        dossier.save()
        event = record_event(dossier, action=action, actor=actor, role=role, before=before, after=after,
                             note=note, data=data, agency_id=body)
        if notify:
            outbox.enqueue(topic="dossier.event", key=f"dossier-event:{event.pk}",
                           payload={"dossier_id": dossier.pk, "event_id": event.pk, "action": action})
    return dossier, event


def record_event(dossier: Dossier, *, action: str, actor: Actor, role: str, before: Status | None, after: Status,
                 note: str = "", data: dict[str, Any] | None = None, agency_id: int | None = None) -> DossierEvent:
    """Write one history line. Only for use inside a dossier service's transaction.

    The line's body is ``agency_id`` when given (a step of another body), else the receiving body
    for the one-stop desk and the applicant and the handling body for everyone else.
    """
    if agency_id is None:
        agency_id = (dossier.receiving_agency_id if role in {"reception", "applicant"}
                     else dossier.handling_agency_id)
    now = clock.now()
    count_event(dossier, action, now)
    return DossierEvent.objects.create(
        dossier=dossier, at=now, action=action, actor=actor.user, actor_name=actor.name,
        actor_role=role, agency_id=agency_id, on_behalf_of=actor.on_behalf_of, channel=actor.channel,
        from_status=before.value if before else "", to_status=after.value, note=note, data=data or {},
    )
