"""The bridge from a dossier to the working calendar: its processing time and its calendar."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from motcua.calendars.deadlines import ProcessingTime, compute_due
from motcua.calendars.workcal import WorkingCalendar, WorkingHours
from motcua.catalogue.terms import version_terms
from motcua.core import clock
from motcua.core.caching import ProcessCache, watch
from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.organisation.models import ReceivingPoint


def processing_time(version: Any) -> ProcessingTime:
    """Return the processing time of a ProcedureVersion (or its catalogue.terms.VersionTerms)."""
    return ProcessingTime(unit=version.time_unit, amount=version.time_amount, same_day_cutoff=version.same_day_cutoff)


def _point_hours(point_id: Any) -> WorkingHours:
    return WorkingHours.from_object(
        ReceivingPoint.objects.filter(pk=point_id)
        .only("morning_start", "morning_end", "afternoon_start", "afternoon_end")
        .first()
    )


# Working hours per receiving point, cached per process; edits drop the copies (core.caching).
POINT_HOURS: ProcessCache[WorkingHours] = ProcessCache("receiving-point-hours", _point_hours)
watch(POINT_HOURS, ReceivingPoint)


def calendar_for(dossier: Dossier) -> WorkingCalendar:
    """Return the calendar of the dossier's receiving point (its working hours + the overrides)."""
    point_id = dossier.receiving_point_id
    return WorkingCalendar.load(POINT_HOURS.get(point_id) if point_id is not None else WorkingHours.from_object(None))


def start_clock(dossier: Dossier, at: datetime) -> None:
    """Set the reception time and the legal due time (hẹn trả) of a dossier being received."""
    dossier.received_at = at
    due = compute_due(
        at,
        processing_time(version_terms(dossier.procedure_version_id)),
        calendar_for(dossier),
        day_mode=settings.MOTCUA_DEADLINE_DAY_MODE,
    )
    dossier.due_at = due
    dossier.original_due_at = due


def answer_due(dossier: Dossier, requested_at: datetime) -> datetime | None:
    """Return when the applicant should answer a supplement request made at ``requested_at`` (hạn bổ sung).

    ``settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS`` calendar days from the day after the request; the
    period ends at closing time of its last day, or of the next working day when that day is off
    (Civil Code 2015 art. 147-148). None when the setting is 0.
    """
    days = int(settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS)
    if days <= 0:
        return None
    cal = calendar_for(dossier)
    last = requested_at.astimezone(clock.VN_TZ).date() + timedelta(days=days)
    if not cal.is_working_day(last):
        last = cal.next_working_day(last)
    return cal.closing(last)


def answer_due_of(request: SupplementRequest) -> datetime | None:
    """Return the answer deadline of a supplement request (hạn bổ sung): the one it was given, or for a
    request made before deadlines were stored, the one ``answer_due`` gives it now."""
    return request.answer_due_at or answer_due(request.dossier, request.requested_at)


def extension_working_days(version_id: int, cal: WorkingCalendar) -> int:
    """How many working days an extension may add to the due date (hẹn lại ngày trả, Mẫu 04).

    ``settings.MOTCUA_EXTENSION_MAX_WORKING_DAYS`` if set; else the procedure version's legal
    processing time (``legal_time_in_working_days``). The law requires the apology and a new date
    but does not bound it (Decree 118/2025/NĐ-CP; Circular 01/2018/TT-VPCP, Mẫu 04).
    """
    fixed = settings.MOTCUA_EXTENSION_MAX_WORKING_DAYS
    if fixed is not None:
        return max(int(fixed), 1)
    terms = version_terms(version_id)
    return legal_time_in_working_days(terms.time_unit, terms.time_amount, cal.hours.day_length)


def legal_time_in_working_days(unit: str, amount: Any, day_length: timedelta) -> int:
    """A processing time in whole working days: hours and a fraction of a day round up, calendar days
    count as working days, a same-day procedure gets one day."""
    value = float(amount)
    if unit == "working_hours":
        value /= day_length.total_seconds() / 3600
    return max(math.ceil(value), 1)
