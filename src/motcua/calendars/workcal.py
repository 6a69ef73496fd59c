"""Working days and working hours in Vietnam: the computed calendar plus the editable overrides.

Working days exclude Saturdays, Sundays and official days off and include the weekend days the
government swaps into working days (Labour Code 2019 art. 111-112; the yearly schedules for state
bodies). Working hours are a local convention, set per receiving point. Every datetime this module
returns is aware and in Asia/Ho_Chi_Minh (Vietnam has had no daylight saving since 1975, so wall-
clock arithmetic in that zone is exact).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.calendars import official_days
from motcua.core.clock import VN_TZ
from motcua.core.errors import ValidationError

DayKind = Literal["off", "work"]

WEEKDAY_NAMES = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)

# A guard against a calendar whose overrides remove every working day for years on end.
_MAX_DAYS_SCANNED = 3 * 366


@dataclass(frozen=True)
class WorkingHours:
    """The opening hours of a working day: a morning and an afternoon interval, both inclusive."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    def __post_init__(self) -> None:
        if not self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end:
            raise ValidationError(
                _("Giờ làm việc không hợp lệ: cần sáng từ < sáng đến ≤ chiều từ < chiều đến."),
                code="invalid_working_hours",
                details={f.name: getattr(self, f.name).isoformat() for f in fields(self)},
            )

    @classmethod
    def from_object(cls, obj: Any) -> WorkingHours:
        """Return the hours read from ``obj``'s four attributes; defaults for None or missing ones."""
        if obj is None:
            return DEFAULT_HOURS
        values = {f.name: getattr(obj, f.name, None) for f in fields(cls)}
        return cls(**{name: value for name, value in values.items() if value is not None})

    @property
    def intervals(self) -> tuple[tuple[time, time], tuple[time, time]]:
        """Return the two working intervals of a day, in order."""
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))

    @property
    def day_length(self) -> timedelta:
        """Return the working time of one full day (7.5 hours by default)."""
        day = date(2000, 1, 3)
        return sum(
            (datetime.combine(day, end) - datetime.combine(day, start) for start, end in self.intervals),
            timedelta(0),
        )


DEFAULT_HOURS = WorkingHours()


def weekday_name(d: date) -> str:
    """Return the Vietnamese name of ``d``'s weekday ("Thứ Hai" ... "Chủ nhật")."""
    return str(WEEKDAY_NAMES[d.weekday()])


def to_local(dt: datetime) -> datetime:
    """Return ``dt`` in Vietnam time; refuse naive datetimes (their instant is unknown)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return dt.astimezone(VN_TZ)


class WorkingCalendar:
    """Answer which days are working days and which instants are working time.

    ``overrides`` maps a date to ``(is_working_day, name)`` and wins over the computed calendar.
    """

    def __init__(
        self, hours: WorkingHours = DEFAULT_HOURS, overrides: Mapping[date, tuple[bool, str]] | None = None
    ) -> None:
        self.hours = hours
        self.overrides: dict[date, tuple[bool, str]] = dict(overrides or {})

    @classmethod
    def load(cls, hours: WorkingHours | None = None) -> WorkingCalendar:
        """Return a calendar with the overrides stored in the database (cached per process, see
        calendars.overrides; at most one query)."""
        # Function-local: workcal is pure arithmetic; only load() reads the database's overrides.
        from motcua.calendars import overrides

        return cls(hours or DEFAULT_HOURS, overrides.current())

    # --- Days ---------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Return True when ``d`` is a working day (an override for ``d`` decides first)."""
        _check_date(d)
        if d in self.overrides:
            return self.overrides[d][0]
        if official_days.is_official_weekend_workday(d):
            return True
        if official_days.official_day_off_name(d) is not None:
            return False
        return d.weekday() < 5

    def day_name(self, d: date) -> str | None:
        """Return the Vietnamese name of a day off or swapped working day, or None for a plain day."""
        _check_date(d)
        if d in self.overrides:
            working, name = self.overrides[d]
            return name or (_("Ngày làm việc") if working else _("Ngày nghỉ"))
        if official_days.is_official_weekend_workday(d):
            return official_days.weekend_workday_name(d)
        return official_days.official_day_off_name(d)

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after ``d``."""
        return self._step_to_working_day(d, 1)

    def previous_working_day(self, d: date) -> date:
        """Return the last working day strictly before ``d``."""
        return self._step_to_working_day(d, -1)

    def add_working_days(self, d: date, n: int) -> date:
        """Return the n-th working day after ``d`` (before it if n < 0); ``d`` itself for n = 0."""
        step = 1 if n >= 0 else -1
        for _i in range(abs(n)):
            d = self._step_to_working_day(d, step)
        return d

    def deviations(self, year: int) -> list[tuple[date, DayKind, str]]:
        """Return, sorted by date, the days of ``year`` whose status differs from a Mon-Fri week.

        A holiday falling on a weekend is not listed (the day was off anyway); the weekday that
        compensates it is.
        """
        result: list[tuple[date, DayKind, str]] = []
        d = date(year, 1, 1)
        while d.year == year:
            working = self.is_working_day(d)
            if working != (d.weekday() < 5):
                kind: DayKind = "work" if working else "off"
                result.append((d, kind, self.day_name(d) or ""))
            d += timedelta(days=1)
        return result

    # --- Times ---------------------------------------------------------------------------------

    def opening(self, d: date) -> datetime:
        """Return the start of the morning interval on ``d`` (whether or not it is a working day)."""
        return datetime.combine(d, self.hours.morning_start, tzinfo=VN_TZ)

    def closing(self, d: date) -> datetime:
        """Return the end of the afternoon interval on ``d`` (whether or not it is a working day)."""
        return datetime.combine(d, self.hours.afternoon_end, tzinfo=VN_TZ)

    def is_working_time(self, dt: datetime) -> bool:
        """Return True when ``dt`` lies in a working interval (both ends included) of a working day."""
        local = to_local(dt)
        return any(start <= local <= end for start, end in self._intervals(local.date()))

    def next_opening(self, dt: datetime) -> datetime:
        """Return ``dt`` (in Vietnam time) if it is working time, else the next interval's start."""
        local = to_local(dt)
        for start, end in self._intervals(local.date()):
            if local <= end:
                return max(start, local)
        return self.opening(self.next_working_day(local.date()))

    def add_working_time(self, dt: datetime, delta: timedelta) -> datetime:
        """Return the instant reached after ``delta`` of working time counted from ``dt``.

        Counting starts at ``next_opening(dt)``; the result is always working time. When the time
        runs out exactly at an interval's end, the result is that end (not the next opening).
        """
        if delta < timedelta(0):
            raise ValueError("delta must not be negative")
        current = self.next_opening(dt)
        remaining = delta
        for start, end in self._intervals_from(current.date()):
            if end < current:
                continue
            begin = max(start, current)
            available = end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable: the interval stream is endless")  # pragma: no cover

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Return the working time from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        start, stop = to_local(a), to_local(b)
        if stop < start:
            return -self.working_time_between(b, a)
        total = timedelta(0)
        d = start.date()
        while d <= stop.date():
            for begin, end in self._intervals(d):
                low, high = max(begin, start), min(end, stop)
                if high > low:
                    total += high - low
            d += timedelta(days=1)
        return total

    # --- Internals -----------------------------------------------------------------------------

    def _intervals(self, d: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(d):
            return []
        return [
            (datetime.combine(d, start, tzinfo=VN_TZ), datetime.combine(d, end, tzinfo=VN_TZ))
            for start, end in self.hours.intervals
        ]

    def _intervals_from(self, d: date) -> Iterator[tuple[datetime, datetime]]:
        yield from self._intervals(d)
        while True:
            d = self.next_working_day(d)
            yield from self._intervals(d)

    def _step_to_working_day(self, d: date, step: int) -> date:
        _check_date(d)
        for _i in range(_MAX_DAYS_SCANNED):
            d += timedelta(days=step)
            if self.is_working_day(d):
                return d
        raise ValidationError(
            _("Không tìm thấy ngày làm việc nào trong khoảng thời gian quá dài."),
            code="no_working_day",
            details={"from": d.isoformat()},
        )


def _check_date(d: date) -> None:
    if isinstance(d, datetime):
        raise TypeError("a date is required, not a datetime")
