"""Reads of dossiers, always through the caller's visibility.

A citizen sees only their own dossiers; an official sees the dossiers their agencies received,
handle, or handled before, and those with a step of the internal process at their agencies
(liên thông: a consulted body sees the dossier once its step opens). Anything else is reported as "not found", so existence never leaks.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.calendars.workcal import WorkingCalendar
from motcua.core import clock
from motcua.core.errors import not_found
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.statuses import CLOCK_RUNNING, OPEN, Status
from motcua.organisation.permissions import agencies_of

WORKLISTS = ("to_receive", "mine", "due_soon", "overdue", "agency")


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """Return the dossiers ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    agencies = agencies_of(user)
    condition = Q(applicant=user)
    if agencies:
        from motcua.processes.models import DossierStep

        passed = DossierEvent.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        stepped = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        condition |= (Q(receiving_agency_id__in=agencies) | Q(handling_agency_id__in=agencies) | Q(Exists(passed))
                      | Q(Exists(stepped)))
    return Dossier.objects.filter(condition)


def get_visible(user: Any, code: str) -> Dossier:
    """Return the dossier with ``code`` if ``user`` may see it; otherwise raise 404."""
    dossier = (visible_dossiers(user).select_related("procedure_version__procedure", "receiving_agency",
                                                     "handling_agency", "assignee")
               .filter(code=code).first())
    if dossier is None:
        raise not_found("dossier")
    return dossier


def worklist(user: Any, name: str) -> QuerySet[Dossier]:
    """Return one of the officials' work lists (WORKLISTS), ordered by due time."""
    now = clock.now()
    base = Dossier.objects.select_related("procedure_version", "handling_agency")
    if name == "to_receive":
        return base.filter(status=Status.SUBMITTED,
                           receiving_agency_id__in=agencies_of(user, {"reception"})).order_by("submitted_at")
    if name == "mine":
        return base.filter(assignee=user, status__in=list(OPEN)).order_by("due_at")
    handling = base.filter(handling_agency_id__in=agencies_of(user))
    running = handling.filter(status__in=list(CLOCK_RUNNING))  # waiting for a supplement or the fees: paused
    if name == "due_soon":
        return running.filter(due_at__gte=now, due_at__lte=due_soon_limit(now)).order_by("due_at")
    if name == "overdue":
        return running.filter(due_at__lt=now).order_by("due_at")
    if name == "agency":
        return handling.filter(status__in=list(OPEN)).order_by("due_at")
    raise not_found("worklist")


def due_soon_limit(now: datetime) -> datetime:
    """Return the end of the "due soon" window: closing time N working days after today."""
    cal = WorkingCalendar.load()
    day = cal.add_working_days(now.astimezone(clock.VN_TZ).date(), settings.MOTCUA_DUE_SOON_WORKING_DAYS)
    return datetime.combine(day, time(23, 59), tzinfo=clock.VN_TZ) + timedelta(0)


def history(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("agency").prefetch_related("documents").order_by("at", "id")


def track(code: str) -> Dossier:
    """Return the dossier for public tracking by its code (the caller shows no personal data).

    A unique-index lookup with only the columns tracking shows: no ordering, no wide select.
    """
    try:
        return (Dossier.objects.select_related("procedure_version__procedure", "handling_agency")
                .only(*TRACKING_FIELDS).get(code=code.strip().upper()))
    except Dossier.DoesNotExist:
        raise not_found("dossier") from None


TRACKING_FIELDS = ("code", "status", "submitted_at", "received_at", "due_at", "original_due_at", "finished_at",
                   "returned_at", "timeliness", "procedure_version__name", "procedure_version__procedure__code",
                   "procedure_version__procedure__name", "handling_agency__code", "handling_agency__name")
