"""Read-only views of a dossier for the back-office pages: form data, clock, history rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.dossiers.models import ClockPause, Dossier, DossierEvent
from motcua.dossiers.notes import NoteVisibility
from motcua.dossiers.services.timing import calendar_for
from motcua.dossiers.statuses import IN_PROCESS, Status, action_label
from motcua.registers.selectors import marked_form_rows


def form_rows(dossier: Dossier) -> list[tuple[str, str, str]]:
    """Return (label, value, mark) of the dossier's form data, labelled by its version's form fields;
    the mark says which national register verified the value (registers), else it is empty."""
    return marked_form_rows(dossier)


def event_label(event: DossierEvent) -> str:
    return action_label(event.action)


def event_row(event: DossierEvent) -> dict[str, Any]:
    """Return what the history timeline shows of one event (items asked for, file uploaded)."""
    data = event.data if isinstance(event.data, dict) else {}
    items = data.get("items")
    return {
        "e": event,
        "label": event_label(event),
        "to": status_label(event.to_status),
        "items": items if isinstance(items, list) else [],
        "file": str(data.get("name", "")) if event.action == "upload" else "",
        # The applicant's own actions name the applicant, not the body they went to.
        "by_applicant": event.actor_role == "applicant",
        "internal_note": bool(event.note) and event.note_visibility != NoteVisibility.APPLICANT,
    }


def status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class DueClock:
    """The due-time clock as shown to officials."""

    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    state: str  # "not_started", "running", "due_soon", "overdue", "paused", "finished"
    remaining: str  # working time left, or overdue by, in words
    paused_since: datetime | None = None


def duration_text(delta: timedelta, day_length: timedelta) -> str:
    """Return working time as "1 ngày 3 giờ 20 phút" (a working day is ``day_length``)."""
    minutes = int(delta.total_seconds() // 60)
    day_minutes = max(int(day_length.total_seconds() // 60), 1)
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)s ngày") % {"n": days})
    if hours:
        parts.append(_("%(n)s giờ") % {"n": hours})
    if mins or not parts:
        parts.append(_("%(n)s phút") % {"n": mins})
    return " ".join(parts)


def due_clock(dossier: Dossier, *, due_soon_limit: datetime | None = None) -> DueClock:
    """Return the clock: received, due, remaining working time or overdue, paused while waiting."""
    status = Status(dossier.status)
    base = {"received_at": dossier.received_at, "due_at": dossier.due_at, "original_due_at": dossier.original_due_at}
    if dossier.received_at is None or dossier.due_at is None:
        return DueClock(**base, state="not_started", remaining="")
    if status not in IN_PROCESS:
        return DueClock(**base, state="finished", remaining="")
    pause = ClockPause.objects.filter(dossier=dossier, resumed_at__isnull=True).order_by("paused_at").last()
    if pause is not None:
        return DueClock(**base, state="paused", remaining="", paused_since=pause.paused_at)
    cal = calendar_for(dossier)
    now = clock.now()
    day = cal.hours.day_length
    if now > dossier.due_at:
        late = cal.working_time_between(dossier.due_at, now)
        return DueClock(**base, state="overdue", remaining=duration_text(late, day))
    left = cal.working_time_between(now, dossier.due_at)
    soon = due_soon_limit is not None and dossier.due_at <= due_soon_limit
    return DueClock(**base, state="due_soon" if soon else "running", remaining=duration_text(left, day))
