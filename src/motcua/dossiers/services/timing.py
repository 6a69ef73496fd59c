"""The bridge from a dossier to the working calendar: its processing time and its calendar."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from motcua.calendars.deadlines import ProcessingTime, compute_due
from motcua.calendars.workcal import WorkingCalendar, WorkingHours
from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.models import Dossier


def processing_time(version: ProcedureVersion) -> ProcessingTime:
    return ProcessingTime(unit=version.time_unit, amount=version.time_amount,  # type: ignore[arg-type]
                          same_day_cutoff=version.same_day_cutoff)


def calendar_for(dossier: Dossier) -> WorkingCalendar:
    """Return the calendar of the dossier's receiving point (its working hours + the overrides)."""
    return WorkingCalendar.load(WorkingHours.from_object(dossier.receiving_point))


def start_clock(dossier: Dossier, at: datetime) -> None:
    """Set the reception time and the legal due time (hẹn trả) of a dossier being received."""
    dossier.received_at = at
    due = compute_due(at, processing_time(dossier.procedure_version), calendar_for(dossier),
                      day_mode=settings.MOTCUA_DEADLINE_DAY_MODE)
    dossier.due_at = due
    dossier.original_due_at = due
