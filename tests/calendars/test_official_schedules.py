"""The computed calendar matches the official schedules for state bodies (domain.md section 5)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.calendars.workcal import WorkingCalendar

from .helpers import d

# Every day of the year that departs from a Mon-Fri week, from the official announcements.
SCHEDULES = {
    2024: [
        ("2024-01-01", "off"),
        # Tết 8-14 Feb: Sat 10 and Sun 11 are off anyway, so only the weekdays are listed.
        ("2024-02-08", "off"),
        ("2024-02-09", "off"),
        ("2024-02-12", "off"),
        ("2024-02-13", "off"),
        ("2024-02-14", "off"),
        ("2024-04-18", "off"),  # Hùng Kings' day (10/3 lunar)
        ("2024-04-29", "off"),
        ("2024-04-30", "off"),
        ("2024-05-01", "off"),
        ("2024-05-04", "work"),  # Saturday swapped for Mon 29 Apr
        ("2024-09-02", "off"),
        ("2024-09-03", "off"),
    ],
    2025: [
        ("2025-01-01", "off"),
        # Tết 25 Jan-2 Feb: the weekdays 27-31 Jan.
        ("2025-01-27", "off"),
        ("2025-01-28", "off"),
        ("2025-01-29", "off"),
        ("2025-01-30", "off"),
        ("2025-01-31", "off"),
        ("2025-04-07", "off"),  # Hùng Kings, Monday
        ("2025-04-26", "work"),  # Saturday swapped for Fri 2 May
        ("2025-04-30", "off"),
        ("2025-05-01", "off"),
        ("2025-05-02", "off"),
        ("2025-09-01", "off"),
        ("2025-09-02", "off"),
    ],
    2026: [
        ("2026-01-01", "off"),
        ("2026-02-16", "off"),
        ("2026-02-17", "off"),
        ("2026-02-18", "off"),
        ("2026-02-19", "off"),
        ("2026-02-20", "off"),
        ("2026-04-27", "off"),  # Hùng Kings on Sun 26 Apr, compensated Monday (Labour Code art. 111.3)
        ("2026-04-30", "off"),
        ("2026-05-01", "off"),
        ("2026-08-22", "work"),  # Saturday swapped for Mon 31 Aug
        ("2026-08-31", "off"),
        ("2026-09-01", "off"),
        ("2026-09-02", "off"),
        ("2026-11-24", "off"),  # Vietnam Culture Day, Resolution 28/2026/QH16
    ],
}


@pytest.mark.parametrize("year", sorted(SCHEDULES))
def test_deviations_are_exactly_the_official_schedule(year: int) -> None:
    found = [(day.isoformat(), kind) for day, kind, _name in WorkingCalendar().deviations(year)]
    assert found == SCHEDULES[year]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-01-25", False),
        ("2025-01-26", False),
        ("2025-02-01", False),
        ("2025-02-02", False),
        ("2025-02-03", True),
        ("2025-01-24", True),
        ("2025-04-26", True),
        ("2025-04-27", False),
        ("2025-05-03", False),
        ("2025-05-05", True),
        ("2025-08-30", False),
        ("2025-09-03", True),
        ("2024-02-10", False),
        ("2024-02-15", True),
        ("2024-05-04", True),
        ("2024-05-05", False),
        ("2024-08-31", False),
        ("2024-09-04", True),
        ("2026-02-14", False),
        ("2026-02-21", False),
        ("2026-02-22", False),
        ("2026-02-23", True),
        ("2026-04-26", False),
        ("2026-04-28", True),
        ("2026-08-22", True),
        ("2026-08-29", False),
        ("2026-09-03", True),
        ("2026-11-24", False),
        ("2026-11-25", True),
    ],
)
def test_working_day_status(day: str, working: bool) -> None:
    assert WorkingCalendar().is_working_day(d(day)) is working


def test_vietnamese_names() -> None:
    cal = WorkingCalendar()
    assert cal.day_name(d("2026-11-24")) == "Ngày Văn hóa Việt Nam"
    assert cal.day_name(d("2026-04-27")) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert cal.day_name(d("2025-09-02")) == "Quốc khánh"
    assert cal.day_name(d("2025-04-26")) == "Làm việc bù cho ngày nghỉ 02/05/2025"
    assert cal.day_name(d("2025-03-04")) is None
    assert cal.day_name(d("2025-03-08")) is None  # an ordinary Saturday has no name


def test_tet_follows_the_vietnamese_lunar_calendar() -> None:
    cal = WorkingCalendar()
    assert cal.day_name(d("2007-02-17")) == "Tết Nguyên Đán"  # China: 18 Feb
    assert cal.day_name(d("2030-02-02")) == "Tết Nguyên Đán"  # China: 3 Feb


def _holidays_output(year: int) -> list[str]:
    out = StringIO()
    call_command("calendar", "holidays", str(year), stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_holidays_command_2025_line_by_line() -> None:
    assert _holidays_output(2025) == [
        "2025-01-01 off Tết Dương lịch",
        "2025-01-27 off 29 Tết",
        "2025-01-28 off Giao thừa Tết Nguyên Đán",
        "2025-01-29 off Tết Nguyên Đán",
        "2025-01-30 off Mùng hai Tết Nguyên Đán",
        "2025-01-31 off Mùng ba Tết Nguyên Đán",
        "2025-04-07 off Ngày Giỗ Tổ Hùng Vương",
        "2025-04-26 work Làm việc bù cho ngày nghỉ 02/05/2025",
        "2025-04-30 off Ngày Chiến thắng",
        "2025-05-01 off Ngày Quốc tế Lao động",
        "2025-05-02 off Ngày nghỉ (thay cho ngày 26/04/2025)",
        "2025-09-01 off Quốc khánh",
        "2025-09-02 off Quốc khánh",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2024, 2026])
def test_holidays_command_dates_and_kinds(year: int) -> None:
    lines = _holidays_output(year)
    assert [tuple(line.split(" ")[:2]) for line in lines] == SCHEDULES[year]


@pytest.mark.django_db
def test_holidays_command_names_the_swapped_saturdays() -> None:
    assert "2024-05-04 work Làm việc bù cho ngày nghỉ 29/04/2024" in _holidays_output(2024)
    lines_2026 = _holidays_output(2026)
    assert "2026-08-22 work Làm việc bù cho ngày nghỉ 31/08/2026" in lines_2026
    assert "2026-08-31 off Ngày nghỉ (thay cho ngày 22/08/2026)" in lines_2026
    assert "2026-11-24 off Ngày Văn hóa Việt Nam" in lines_2026
