"""Deadlines of the internal process: warnings, escalation and the apology-and-extension reminder.

A tick of the worker (every 5 minutes) fires the step timers (``services.fire_timers``):

- a step due within MOTCUA_PROCESS_DUE_SOON_HOURS warns its assignee (or, unassigned, everyone
  holding the step's role at its body): "step_due_soon";
- an overdue step notifies the heads of its body, who can reassign it, and its assignee:
  "step_overdue";
- a dossier whose due time (hẹn trả) is within MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE + 1
  working days, not yet extended, reminds the heads of the handling body that the apology and
  new date (Mẫu 04) must go out at least that many working days before the due time (Decree
  61/2018 art. 19): "extension_due".

Each hit is written to the dossier's history and its notices queued in the same transaction; the
step rows and outbox keys make a second run a no-op.
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import transaction

from motcua.calendars.workcal import WorkingCalendar
from motcua.core import clock, outbox, ticks
from motcua.core.actor import SYSTEM
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.notifications import local
from motcua.dossiers.services.transitions import record_event
from motcua.dossiers.statuses import CLOCK_RUNNING, Status
from motcua.notifications.reminders import official_payload
from motcua.organisation.models import OfficialRole

from .models import DossierStep
from .services import TimerHit, fire_timers

# The clock does not run while the applicant is asked for more documents or for the fees.
RUNNING = [s.value for s in CLOCK_RUNNING]


def holders(agency_id: int | None, roles: list[str]) -> list[int]:
    if agency_id is None:
        return []
    return sorted(
        set(
            OfficialRole.objects.filter(
                agency_id=agency_id, role__in=roles, active=True, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def step_recipients(row: DossierStep, kind: str) -> list[int]:
    """Due soon: the assignee, else the step's role at its body. Overdue: also the body's heads."""
    people = [row.assignee_id] if row.assignee_id else holders(row.agency_id, [row.role])
    if kind == "overdue":
        people += holders(row.agency_id, ["head"])
    return sorted(set(people))


def escalate(now: datetime | None = None) -> int:
    """Fire the step timers and the extension reminders; return how many notices were queued."""
    now = now or clock.now()
    queued = 0
    with transaction.atomic():
        hits = fire_timers(now)
        rows = {
            r.pk: r
            for r in DossierStep.objects.filter(pk__in=[h.step_row_id for h in hits]).select_related("step", "agency")
        }
        dossiers = {
            d.pk: d
            for d in Dossier.objects.filter(pk__in=[h.dossier_id for h in hits]).select_related(
                "procedure_version", "handling_agency"
            )
        }
        for hit in hits:
            queued += _step_hit(hit, rows[hit.step_row_id], dossiers[hit.dossier_id])
    for dossier in extension_candidates(now):
        with transaction.atomic():
            queued += _extension_reminder(dossier, now)
    return queued


def _step_hit(hit: TimerHit, row: DossierStep, dossier: Dossier) -> int:
    status = Status(dossier.status)
    record_event(
        dossier,
        action=f"step_{hit.kind}",
        actor=SYSTEM,
        role="system",
        before=status,
        after=status,
        agency_id=row.agency_id,
        data={"step": row.step.name, "step_id": row.pk, "due_at": clock.utc_iso(row.due_at)},
    )
    extra = {"step": row.step.name, "step_due": local(row.due_at), "body": row.agency.name if row.agency else row.body}
    return sum(
        _notify(f"step_{hit.kind}", dossier, user_id, key=f"step:{hit.kind}:{row.pk}:{user_id}", extra=extra)
        for user_id in step_recipients(row, hit.kind)
    )


def extension_candidates(now: datetime) -> list[Dossier]:
    """Dossiers in process, not extended, due within (minimum notice + 1) working days, not yet reminded."""
    cal = WorkingCalendar.load()
    days = settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE + 1
    limit = datetime.combine(
        cal.add_working_days(now.astimezone(clock.VN_TZ).date(), days), time(23, 59), tzinfo=clock.VN_TZ
    )
    reminded = DossierEvent.objects.filter(action="extension_due").values("dossier_id")
    return list(
        Dossier.objects.filter(status__in=RUNNING, extended_at__isnull=True, due_at__gt=now, due_at__lte=limit)
        .exclude(pk__in=reminded)
        .select_related("procedure_version", "handling_agency")
    )


def _extension_reminder(dossier: Dossier, now: datetime) -> int:
    locked = Dossier.objects.select_for_update().filter(pk=dossier.pk, extended_at__isnull=True).first()
    if locked is None or DossierEvent.objects.filter(dossier=dossier, action="extension_due").exists():
        return 0
    status = Status(dossier.status)
    record_event(
        dossier,
        action="extension_due",
        actor=SYSTEM,
        role="system",
        before=status,
        after=status,
        data={"due_at": clock.utc_iso(dossier.due_at) if dossier.due_at else None},
    )
    return sum(
        _notify("extension_due", dossier, user_id, key=f"extension_due:{dossier.pk}:{user_id}")
        for user_id in holders(dossier.handling_agency_id, ["head"])
    )


def _notify(event: str, dossier: Dossier, user_id: int, *, key: str, extra: dict[str, str] | None = None) -> int:
    payload = official_payload(event, dossier, user_id, extra)
    return int(outbox.enqueue(topic="notify", key=key, payload=payload) is not None)


@ticks.tick(300)
def escalation_tick() -> None:
    escalate()
