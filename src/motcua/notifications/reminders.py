"""Reminders to officials (đôn đốc): dossiers due soon and overdue, once per dossier, day and kind.

A tick in the worker enqueues "notify" messages; the outbox key (kind, dossier, person, local
day) makes a second run on the same day a no-op. Reminders go to the assignee, or, while the
dossier is unassigned, to the reception officers and heads of the handling agency.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from motcua.calendars.workcal import WorkingCalendar
from motcua.core import clock, outbox, ticks
from motcua.core.links import public_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.notifications import local
from motcua.dossiers.selectors import due_soon_limit
from motcua.dossiers.statuses import CLOCK_RUNNING
from motcua.organisation.models import OfficialRole

# The clock does not run while the dossier waits for the applicant (a supplement, the fees).
RUNNING = list(CLOCK_RUNNING)


def due_soon(now: datetime) -> QuerySet[Dossier]:
    """In process, due between now and the end of the "due soon" window (MOTCUA_DUE_SOON_WORKING_DAYS)."""
    return Dossier.objects.filter(status__in=RUNNING, due_at__gte=now, due_at__lte=due_soon_limit(now))


def overdue(now: datetime) -> QuerySet[Dossier]:
    return Dossier.objects.filter(status__in=RUNNING, due_at__lt=now)


def recipients(dossier: Dossier) -> list[int]:
    """Return the user ids to remind: the assignee, else reception and heads of the handling agency."""
    if dossier.assignee_id is not None:
        return [dossier.assignee_id]
    return sorted(
        set(
            OfficialRole.objects.filter(
                agency_id=dossier.handling_agency_id, active=True, role__in=["reception", "head"], user__is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def send_reminders(now: datetime | None = None) -> int:
    """Enqueue today's reminders not yet enqueued; return how many were new. Working days only."""
    now = now or clock.now()
    today = now.astimezone(clock.VN_TZ).date()
    if not WorkingCalendar.load().is_working_day(today):
        return 0
    created = 0
    for kind, dossiers in (("reminder_due_soon", due_soon(now)), ("reminder_overdue", overdue(now))):
        for dossier in dossiers.select_related("procedure_version", "handling_agency", "assignee"):
            for user_id in recipients(dossier):
                with transaction.atomic():
                    created += (
                        outbox.enqueue(
                            topic="notify",
                            key=f"reminder:{kind}:{dossier.pk}:{user_id}:{today.isoformat()}",
                            payload=official_payload(kind, dossier, user_id),
                        )
                        is not None
                    )
    return created


def official_payload(
    event: str, dossier: Dossier, user_id: int, extra: dict[str, str] | None = None
) -> dict[str, object]:
    """Return the "notify" payload of a notice to an official about ``dossier`` (reminders, step deadlines)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    return {
        "event": event,
        "dossier_id": dossier.pk,
        "user_id": user_id,
        "email": user.email,
        "phone": "",
        "context": {
            "code": dossier.code,
            "procedure": dossier.procedure_version.name,
            "applicant_name": dossier.applicant_name,
            "agency": dossier.handling_agency.name,
            "due": local(dossier.due_at),
            "official_name": getattr(user, "display_name", user.get_username()),
            "url": public_url("backoffice:dossier", dossier.code),
            **(extra or {}),
        },
    }


@ticks.tick(300)
def reminders_tick() -> None:
    send_reminders()
