"""Due times of administrative procedures, the supplement clock pause, and on-time classification.

Rules (see docs/domain.md section 5):
- Civil Code 2015 art. 147-148: a period starts the day after the triggering event and ends at the
  end of its last day; a period ending on a day off ends on the next working day.
- Decree 61/2018/ND-CP art. 19.4: after a supplement the processing time restarts in full.
- Decision 766/QĐ-TTg (service index): the waiting time for a supplement is subtracted instead.
- Decree 61/2018/ND-CP art. 19: an apology and extension must be issued before the due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.calendars.workcal import WorkingCalendar, to_local
from motcua.core import clock
from motcua.core.errors import ValidationError

Unit = Literal["working_days", "working_hours", "calendar_days"]
DayMode = Literal["end_of_day", "elapsed"]
Policy = Literal["restart", "subtract"]
Outcome = Literal["early", "on_time", "late"]

UNITS: tuple[str, ...] = ("working_days", "working_hours", "calendar_days")
DAY_MODES: tuple[str, ...] = ("end_of_day", "elapsed")
POLICIES: tuple[str, ...] = ("restart", "subtract")

_MICROSECOND = timedelta(microseconds=1)
# No procedure takes longer; a bound keeps a typo from scanning centuries of calendar.
MAX_AMOUNT = Decimal(10000)


@dataclass(frozen=True)
class ProcessingTime:
    """A procedure's processing time: a non-negative amount of a unit, and an optional cut-off.

    ``same_day_cutoff``: a dossier whose counting would start after this local time starts on the
    next working day (domain practice: "received after 15:00: resolved the next working day").
    """

    unit: Unit
    amount: Decimal
    same_day_cutoff: time | None = None

    def __post_init__(self) -> None:
        try:
            amount = Decimal(str(self.amount))
        except InvalidOperation:
            amount = Decimal("NaN")
        if self.unit not in UNITS:
            raise ValidationError(
                _("Đơn vị thời hạn không hợp lệ."),
                code="invalid_unit",
                details={"unit": self.unit, "allowed": list(UNITS)},
            )
        if not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
            raise ValidationError(
                _("Thời hạn phải là một số từ 0 đến %(max)s.") % {"max": MAX_AMOUNT},
                code="invalid_amount",
                details={"amount": str(self.amount)},
            )
        if self.unit == "calendar_days" and amount != amount.to_integral_value():
            raise ValidationError(
                _("Thời hạn tính theo ngày phải là số nguyên."),
                code="invalid_amount",
                details={"amount": str(self.amount)},
            )
        object.__setattr__(self, "amount", amount)


def _scaled(unit: timedelta, factor: Decimal) -> timedelta:
    """Return ``unit × factor`` rounded to the microsecond."""
    micros = (Decimal(unit // _MICROSECOND) * factor).to_integral_value(rounding=ROUND_HALF_UP)
    return timedelta(microseconds=int(micros))


def effective_start(start: datetime, pt: ProcessingTime, cal: WorkingCalendar) -> datetime:
    """Return when counting starts: the next opening, or the next working day's opening when the
    procedure's same-day cut-off has passed."""
    begin = cal.next_opening(start)
    if pt.same_day_cutoff is not None and begin.timetz().replace(tzinfo=None) > pt.same_day_cutoff:
        begin = cal.opening(cal.next_working_day(begin.date()))
    return begin


def compute_due(start: datetime, pt: ProcessingTime, cal: WorkingCalendar, *, day_mode: str | None = None) -> datetime:
    """Return the due time (aware, Vietnam time, always working time of a working day).

    ``day_mode`` (default ``settings.MOTCUA_DEADLINE_DAY_MODE``) applies to working days:
    "end_of_day" ends at the closing time of the N-th working day after the start day (N = 0: the
    same day), a fractional part then adds that fraction of a working day; "elapsed" adds
    amount × day length of working time to the start.
    """
    mode = day_mode or settings.MOTCUA_DEADLINE_DAY_MODE
    if mode not in DAY_MODES:
        raise ValidationError(
            _("Cách tính ngày làm việc không hợp lệ."),
            code="invalid_day_mode",
            details={"day_mode": mode, "allowed": list(DAY_MODES)},
        )
    begin = effective_start(start, pt, cal)
    if pt.unit == "working_hours":
        return cal.add_working_time(begin, _scaled(timedelta(hours=1), pt.amount))
    if pt.unit == "calendar_days":
        # Civil Code art. 148: a period whose last day is a day off ends on the next working day.
        last = begin.date() + timedelta(days=int(pt.amount))
        if not cal.is_working_day(last):
            last = cal.next_working_day(last)
        return cal.closing(last)
    if mode == "elapsed":
        return cal.add_working_time(begin, _scaled(cal.hours.day_length, pt.amount))
    # Civil Code art. 147-148: counting starts the day after, ends at the close of the last day.
    whole = int(pt.amount)
    due = cal.closing(cal.add_working_days(begin.date(), whole))
    fraction = pt.amount - whole
    if fraction:
        due = cal.add_working_time(due, _scaled(cal.hours.day_length, fraction))
    return due


def due_after_resume(
    *,
    policy: str,
    pt: ProcessingTime,
    cal: WorkingCalendar,
    due_before: datetime,
    paused_at: datetime,
    resumed_at: datetime,
    day_mode: str | None = None,
) -> datetime:
    """Return the due time after a supplement pause ends, under ``policy``.

    "restart" (Decree 61/2018 art. 19.4): the full time again from ``resumed_at``.
    "subtract" (Decision 766/QĐ-TTg): ``due_before`` pushed back by the working time paused; the
    result is working time.
    """
    if policy == "restart":
        return compute_due(resumed_at, pt, cal, day_mode=day_mode)
    if policy == "subtract":
        return cal.add_working_time(due_before, cal.working_time_between(paused_at, resumed_at))
    raise ValidationError(
        _("Cách tính thời hạn sau bổ sung hồ sơ không hợp lệ."),
        code="invalid_supplement_policy",
        details={"policy": policy, "allowed": list(POLICIES)},
    )


def readings_from_timestamps(
    received_at: datetime,
    pauses: list[tuple[datetime, datetime]],
    pt: ProcessingTime,
    cal: WorkingCalendar,
    *,
    day_mode: str | None = None,
) -> dict[str, datetime]:
    """Return both readings of the due time from stored timestamps.

    ``pauses`` are ``(paused_at, resumed_at)`` pairs in time order, not overlapping. Keys:
    "decree61" (restart after the last pause) and "decision766" (every paused working time added).
    Decision 766 also counts more than one supplement request as late; that is ``len(pauses) > 1``
    and left to the caller.
    """
    previous_end: datetime | None = None
    for paused_at, resumed_at in pauses:
        if resumed_at < paused_at or (previous_end is not None and paused_at < previous_end):
            raise ValidationError(
                _("Các khoảng tạm dừng không hợp lệ."),
                code="invalid_pauses",
                details={"paused_at": clock.utc_iso(paused_at), "resumed_at": clock.utc_iso(resumed_at)},
            )
        previous_end = resumed_at
    initial = compute_due(received_at, pt, cal, day_mode=day_mode)
    decree61 = initial
    decision766 = initial
    for paused_at, resumed_at in pauses:
        decree61 = due_after_resume(
            policy="restart",
            pt=pt,
            cal=cal,
            due_before=decree61,
            paused_at=paused_at,
            resumed_at=resumed_at,
            day_mode=day_mode,
        )
        decision766 = due_after_resume(
            policy="subtract", pt=pt, cal=cal, due_before=decision766, paused_at=paused_at, resumed_at=resumed_at
        )
    return {"decree61": decree61, "decision766": decision766}


def classify(finished_at: datetime, due_at: datetime) -> Outcome:
    """Return "early" before the due minute, "on_time" within it, "late" after it.

    Date and time are compared (domain.md section 5), to the minute.
    """
    finished = to_local(finished_at).replace(second=0, microsecond=0)
    due = to_local(due_at).replace(second=0, microsecond=0)
    if finished < due:
        return "early"
    if finished == due:
        return "on_time"
    return "late"


def can_extend(
    now: datetime, due_at: datetime, cal: WorkingCalendar, min_working_days_before: int | None = None
) -> bool:
    """Return True while an apology and extension may still be issued (Decree 61/2018 art. 19).

    True when ``now`` is before ``due_at`` and the due date is at least ``min_working_days_before``
    working days after now's date (default ``settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE``).
    """
    if min_working_days_before is None:
        min_working_days_before = int(settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE)
    local_now, local_due = to_local(now), to_local(due_at)
    if local_now >= local_due:
        return False
    return cal.add_working_days(local_now.date(), min_working_days_before) <= local_due.date()


def latest_extension(due_at: datetime, working_days: int, cal: WorkingCalendar) -> datetime:
    """Return the latest new due time of an extension: closing time of the ``working_days``-th working
    day after the current due date (the bound is a setting, see dossiers/services/timing.py)."""
    return cal.closing(cal.add_working_days(to_local(due_at).date(), working_days))
