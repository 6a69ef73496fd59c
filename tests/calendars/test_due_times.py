"""Due times worked out by hand (default hours 07:30-11:30, 13:30-17:00; 7.5 h per day)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import pytest

from motcua.calendars.deadlines import ProcessingTime, compute_due, effective_start
from motcua.calendars.workcal import WorkingCalendar, WorkingHours
from motcua.core.clock import VN_TZ
from motcua.core.errors import ValidationError

from .helpers import vn

CAL = WorkingCalendar()
CUTOFF = time(15, 0)


def days(amount: str, cutoff: time | None = None) -> ProcessingTime:
    return ProcessingTime("working_days", Decimal(amount), cutoff)


@pytest.mark.parametrize(
    ("start", "pt", "expected"),
    [
        # Fri 25/4/2025: Sat 26 is worked (swapped for Fri 2/5), Sun 27 is not: 26, 28, 29.
        (vn(2025, 4, 25, 10, 0), days("3"), vn(2025, 4, 29, 17, 0)),
        # After closing on Mon 3/3: counting starts Tue 4/3, two days later is Thu 6/3.
        (vn(2025, 3, 3, 17, 30), days("2"), vn(2025, 3, 6, 17, 0)),
        # At closing time exactly it is still Monday's working time.
        (vn(2025, 3, 3, 17, 0), days("2"), vn(2025, 3, 5, 17, 0)),
        # Received on Sunday 9/3: starts Mon 10/3, one day later is Tue 11/3.
        (vn(2025, 3, 9, 9, 0), days("1"), vn(2025, 3, 11, 17, 0)),
        # Across Tết 2026 (16-20 Feb off, weekends 14-15 and 21-22): Mon 23, Tue 24, Wed 25.
        (vn(2026, 2, 13, 10, 0), days("3"), vn(2026, 2, 25, 17, 0)),
        # Across 30/4-4/5/2025: Tue 29/4 + 1 is Mon 5/5.
        (vn(2025, 4, 29, 9, 0), days("1"), vn(2025, 5, 5, 17, 0)),
        # Same-day procedures with the 15:00 cut-off.
        (vn(2025, 3, 4, 14, 59), days("0", CUTOFF), vn(2025, 3, 4, 17, 0)),
        (vn(2025, 3, 4, 15, 0), days("0", CUTOFF), vn(2025, 3, 4, 17, 0)),
        (vn(2025, 3, 4, 15, 1), days("0", CUTOFF), vn(2025, 3, 5, 17, 0)),
        (vn(2025, 4, 25, 15, 30), days("0", CUTOFF), vn(2025, 4, 26, 17, 0)),  # next day is Sat 26/4
        (vn(2025, 3, 4, 12, 0), days("0", CUTOFF), vn(2025, 3, 4, 17, 0)),  # lunch: opens 13:30
        (vn(2025, 3, 3, 18, 0), days("0", CUTOFF), vn(2025, 3, 4, 17, 0)),  # evening: opens 07:30
        # Without a cut-off a same-day procedure received at 16:30 is due at 17:00.
        (vn(2025, 3, 4, 16, 30), days("0"), vn(2025, 3, 4, 17, 0)),
        # Half days: the closing of the last whole day, then 3 h 45 min of working time.
        (vn(2025, 3, 4, 9, 0), days("0.5"), vn(2025, 3, 5, 11, 15)),
        (vn(2025, 3, 4, 9, 0), days("1.5"), vn(2025, 3, 6, 11, 15)),
        (vn(2025, 3, 7, 9, 0), days("0.5"), vn(2025, 3, 10, 11, 15)),  # Friday: into Monday
    ],
)
def test_working_days_end_of_day(start: datetime, pt: ProcessingTime, expected: datetime) -> None:
    due = compute_due(start, pt, CAL, day_mode="end_of_day")
    assert due == expected
    assert due.tzinfo is VN_TZ


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # 3 × 7.5 h from Fri 25/4 10:00: Fri 5 h, Sat 26 7.5 h, Mon 28 7.5 h, Tue 29 2.5 h.
        (vn(2025, 4, 25, 10, 0), "3", vn(2025, 4, 29, 10, 0)),
        # 0.5 day = 3 h 45 min: 09:00-11:30 is 2 h 30, then 13:30 + 1 h 15.
        (vn(2025, 3, 4, 9, 0), "0.5", vn(2025, 3, 4, 14, 45)),
        (vn(2025, 3, 4, 9, 0), "1", vn(2025, 3, 5, 9, 0)),
        (vn(2025, 3, 4, 18, 0), "1", vn(2025, 3, 5, 17, 0)),
    ],
)
def test_working_days_elapsed(start: datetime, amount: str, expected: datetime) -> None:
    assert compute_due(start, days(amount), CAL, day_mode="elapsed") == expected


def test_day_mode_defaults_to_the_setting(settings) -> None:
    settings.MOTCUA_DEADLINE_DAY_MODE = "elapsed"
    assert compute_due(vn(2025, 3, 4, 9, 0), days("1"), CAL) == vn(2025, 3, 5, 9, 0)
    settings.MOTCUA_DEADLINE_DAY_MODE = "end_of_day"
    assert compute_due(vn(2025, 3, 4, 9, 0), days("1"), CAL) == vn(2025, 3, 5, 17, 0)


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        (vn(2025, 3, 4, 10, 30), "2", vn(2025, 3, 4, 14, 30)),  # across the lunch break
        (vn(2025, 3, 4, 16, 0), "3", vn(2025, 3, 5, 9, 30)),  # across the night
        (vn(2025, 3, 4, 11, 0), "0.5", vn(2025, 3, 4, 11, 30)),
        (vn(2025, 3, 4, 11, 0), "0.75", vn(2025, 3, 4, 13, 45)),
        (vn(2025, 3, 8, 10, 0), "1", vn(2025, 3, 10, 8, 30)),  # Saturday: starts Monday
    ],
)
def test_working_hours(start: datetime, amount: str, expected: datetime) -> None:
    assert compute_due(start, ProcessingTime("working_hours", Decimal(amount)), CAL) == expected


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # Mon 21/4/2025 + 9 = Wed 30/4 (holiday); 1/5, 2/5 off, 3-4/5 weekend: Mon 5/5.
        (vn(2025, 4, 21, 9, 0), 9, vn(2025, 5, 5, 17, 0)),
        # Mon 3/3 + 6 = Sun 9/3: the next working day, Mon 10/3.
        (vn(2025, 3, 3, 9, 0), 6, vn(2025, 3, 10, 17, 0)),
        # Mon 21/4 + 5 = Sat 26/4, a working day that year.
        (vn(2025, 4, 21, 9, 0), 5, vn(2025, 4, 26, 17, 0)),
        # Received Saturday evening: counting starts Monday 10/3, + 3 = Thu 13/3.
        (vn(2025, 3, 8, 20, 0), 3, vn(2025, 3, 13, 17, 0)),
    ],
)
def test_calendar_days(start: datetime, amount: int, expected: datetime) -> None:
    assert compute_due(start, ProcessingTime("calendar_days", Decimal(amount)), CAL) == expected


def test_receiving_point_hours() -> None:
    cal = WorkingCalendar(hours=WorkingHours(morning_start=time(7, 0)))  # 8 hours a day
    assert compute_due(vn(2025, 3, 4, 7, 0), days("0.5"), cal, day_mode="elapsed") == vn(2025, 3, 4, 11, 0)
    assert compute_due(vn(2025, 3, 4, 6, 0), days("1"), cal) == vn(2025, 3, 5, 17, 0)


def test_effective_start() -> None:
    assert effective_start(vn(2025, 3, 4, 15, 30), days("1", CUTOFF), CAL) == vn(2025, 3, 5, 7, 30)
    assert effective_start(vn(2025, 3, 4, 15, 30), days("1"), CAL) == vn(2025, 3, 4, 15, 30)


@pytest.mark.parametrize(
    ("unit", "amount"),
    [
        ("weeks", "1"),
        ("working_days", "-1"),
        ("working_days", "NaN"),
        ("working_days", "Infinity"),
        ("calendar_days", "1.5"),
        ("working_days", "100000"),
        ("working_days", "abc"),
    ],
)
def test_invalid_processing_time(unit: str, amount: str) -> None:
    with pytest.raises(ValidationError):
        ProcessingTime(unit, amount)  # type: ignore[arg-type]


def test_amount_is_normalised_to_decimal() -> None:
    assert ProcessingTime("working_days", 2).amount == Decimal(2)  # type: ignore[arg-type]
    assert ProcessingTime("working_days", "0.5").amount == Decimal("0.5")  # type: ignore[arg-type]


def test_invalid_day_mode() -> None:
    with pytest.raises(ValidationError) as exc:
        compute_due(vn(2025, 3, 4, 9), days("1"), CAL, day_mode="fast")
    assert exc.value.code == "invalid_day_mode"
