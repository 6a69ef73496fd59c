"""Working hours, working days and the arithmetic of working time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

import pytest

from motcua.calendars.workcal import DEFAULT_HOURS, WorkingCalendar, WorkingHours
from motcua.core.clock import VN_TZ
from motcua.core.errors import ValidationError

from .helpers import d, vn

CAL = WorkingCalendar()
PROVINCE_HOURS = WorkingHours(morning_start=time(7, 0))  # 07:00-11:30, 13:30-17:00 = 8 hours


def test_default_hours_and_day_length() -> None:
    assert DEFAULT_HOURS.intervals == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    assert DEFAULT_HOURS.day_length == timedelta(hours=7, minutes=30)
    assert PROVINCE_HOURS.day_length == timedelta(hours=8)


def test_hours_from_object() -> None:
    point = SimpleNamespace(
        morning_start=time(7, 0),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 30),
        name="Bộ phận 1",
    )
    assert WorkingHours.from_object(point) == WorkingHours(time(7, 0), time(11, 30), time(13, 0), time(16, 30))
    assert WorkingHours.from_object(None) is DEFAULT_HOURS
    assert WorkingHours.from_object(SimpleNamespace(afternoon_end=time(16, 0))) == WorkingHours(
        afternoon_end=time(16, 0)
    )


def test_hours_from_a_receiving_point() -> None:
    from motcua.organisation.models import ReceivingPoint

    point = ReceivingPoint(morning_start=time(7, 0))
    assert WorkingHours.from_object(point) == WorkingHours(morning_start=time(7, 0))
    assert WorkingHours.from_object(point).day_length == timedelta(hours=8)


@pytest.mark.parametrize(
    "bad",
    [
        {"morning_start": time(12, 0)},
        {"afternoon_start": time(11, 0)},
        {"afternoon_end": time(13, 30)},
    ],
)
def test_inconsistent_hours_are_refused(bad: dict[str, time]) -> None:
    with pytest.raises(ValidationError) as exc:
        WorkingHours(**bad)
    assert exc.value.code == "invalid_working_hours"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (vn(2025, 3, 4, 7, 29, 59), False),
        (vn(2025, 3, 4, 7, 30), True),
        (vn(2025, 3, 4, 11, 30), True),
        (vn(2025, 3, 4, 11, 30, 1), False),
        (vn(2025, 3, 4, 12, 0), False),
        (vn(2025, 3, 4, 13, 30), True),
        (vn(2025, 3, 4, 17, 0), True),
        (vn(2025, 3, 4, 17, 0, 1), False),
        (vn(2025, 3, 8, 9, 0), False),  # ordinary Saturday
        (vn(2025, 4, 26, 9, 0), True),  # swapped Saturday
        (vn(2025, 4, 30, 9, 0), False),  # holiday
        (datetime(2025, 3, 4, 2, 0, tzinfo=UTC), True),  # 09:00 in Vietnam
        (datetime(2025, 3, 4, 10, 1, tzinfo=UTC), False),  # 17:01 in Vietnam
    ],
)
def test_is_working_time(moment: datetime, expected: bool) -> None:
    assert CAL.is_working_time(moment) is expected


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CAL.is_working_time(datetime(2025, 3, 4, 9, 0))


def test_a_datetime_is_not_taken_for_a_date() -> None:
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2025, 3, 4, 9, 0, tzinfo=VN_TZ))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (vn(2025, 3, 4, 9, 15), vn(2025, 3, 4, 9, 15)),
        (vn(2025, 3, 4, 6, 0), vn(2025, 3, 4, 7, 30)),
        (vn(2025, 3, 4, 12, 0), vn(2025, 3, 4, 13, 30)),
        (vn(2025, 3, 4, 17, 0), vn(2025, 3, 4, 17, 0)),
        (vn(2025, 3, 4, 17, 30), vn(2025, 3, 5, 7, 30)),
        (vn(2025, 3, 7, 18, 0), vn(2025, 3, 10, 7, 30)),  # Friday evening -> Monday
        (vn(2025, 4, 25, 18, 0), vn(2025, 4, 26, 7, 30)),  # Friday evening -> swapped Saturday
        (vn(2025, 4, 29, 18, 0), vn(2025, 5, 5, 7, 30)),  # 30/4, 1/5, 2/5 off, then the weekend
        (datetime(2025, 3, 4, 0, 0, tzinfo=UTC), vn(2025, 3, 4, 7, 30)),
    ],
)
def test_next_opening(moment: datetime, expected: datetime) -> None:
    result = CAL.next_opening(moment)
    assert result == expected
    assert result.tzinfo is VN_TZ


def test_working_days_arithmetic() -> None:
    assert CAL.next_working_day(d("2025-04-25")) == d("2025-04-26")
    assert CAL.next_working_day(d("2025-04-26")) == d("2025-04-28")
    assert CAL.next_working_day(d("2025-04-29")) == d("2025-05-05")
    assert CAL.previous_working_day(d("2025-05-05")) == d("2025-04-29")
    assert CAL.add_working_days(d("2025-04-25"), 3) == d("2025-04-29")
    assert CAL.add_working_days(d("2025-04-25"), 0) == d("2025-04-25")
    assert CAL.add_working_days(d("2025-03-08"), 1) == d("2025-03-10")  # from a Saturday
    assert CAL.add_working_days(d("2025-04-29"), -3) == d("2025-04-25")


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [
        (vn(2025, 3, 4, 10, 30), timedelta(hours=2), vn(2025, 3, 4, 14, 30)),  # across lunch
        (vn(2025, 3, 4, 9, 30), timedelta(hours=2), vn(2025, 3, 4, 11, 30)),  # ends at an interval end
        (vn(2025, 3, 4, 15, 0), timedelta(hours=4), vn(2025, 3, 5, 9, 30)),  # across the night
        (vn(2025, 3, 4, 12, 0), timedelta(0), vn(2025, 3, 4, 13, 30)),  # zero from lunch: next opening
        (vn(2025, 3, 7, 16, 0), timedelta(hours=1, minutes=30), vn(2025, 3, 10, 8, 0)),  # over a weekend
        (vn(2025, 4, 29, 16, 0), timedelta(hours=2), vn(2025, 5, 5, 8, 30)),  # over 30/4-4/5
    ],
)
def test_add_working_time(start: datetime, delta: timedelta, expected: datetime) -> None:
    assert CAL.add_working_time(start, delta) == expected


def test_add_working_time_refuses_negative_time() -> None:
    with pytest.raises(ValueError, match="delta must not be negative"):
        CAL.add_working_time(vn(2025, 3, 4, 9), timedelta(minutes=-1))


def test_working_time_between() -> None:
    assert CAL.working_time_between(vn(2025, 3, 4, 10, 30), vn(2025, 3, 4, 14, 30)) == timedelta(hours=2)
    assert CAL.working_time_between(vn(2025, 3, 7, 16, 0), vn(2025, 3, 10, 8, 0)) == timedelta(hours=1, minutes=30)
    assert CAL.working_time_between(vn(2025, 3, 3, 0, 0), vn(2025, 3, 10, 0, 0)) == timedelta(hours=37, minutes=30)
    assert CAL.working_time_between(vn(2025, 3, 8, 8), vn(2025, 3, 9, 16)) == timedelta(0)  # weekend
    assert CAL.working_time_between(vn(2025, 3, 4, 14, 30), vn(2025, 3, 4, 10, 30)) == timedelta(hours=-2)


def test_hours_of_a_receiving_point_are_used() -> None:
    cal = WorkingCalendar(hours=PROVINCE_HOURS)
    assert cal.is_working_time(vn(2025, 3, 4, 7, 0))
    assert not CAL.is_working_time(vn(2025, 3, 4, 7, 0))
    assert cal.add_working_time(vn(2025, 3, 4, 7, 0), timedelta(hours=4)) == vn(2025, 3, 4, 11, 0)


def test_overrides_mapping_wins() -> None:
    cal = WorkingCalendar(
        overrides={
            d("2025-03-05"): (False, "Nghỉ đột xuất"),
            d("2025-03-09"): (True, "Làm việc Chủ nhật"),
            d("2025-05-02"): (True, ""),
        }
    )
    assert not cal.is_working_day(d("2025-03-05"))
    assert cal.is_working_day(d("2025-03-09"))
    assert cal.is_working_day(d("2025-05-02"))
    assert cal.day_name(d("2025-05-02")) == "Ngày làm việc"
    march = [(day.isoformat(), kind, name) for day, kind, name in cal.deviations(2025) if day.month == 3]
    assert march == [("2025-03-05", "off", "Nghỉ đột xuất"), ("2025-03-09", "work", "Làm việc Chủ nhật")]
    assert d("2025-05-02") not in [day for day, _kind, _name in cal.deviations(2025)]
