"""Dates as people type them (core/dates.py): dd/mm/yyyy first, ISO too, never a rolled-over day."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from motcua.core import clock
from motcua.core.dates import (
    BAD_DATE,
    BAD_DATETIME,
    DateField,
    DateTextInput,
    DateTimeField,
    parse_date,
    parse_datetime,
    show_date,
    show_datetime,
)

DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@given(DAYS)
def test_a_shown_date_reads_back_as_itself(day: date) -> None:
    assert parse_date(show_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d%m%Y")) == day  # a numeric keypad without "/"
    assert parse_date(f"{day.day}/{day.month}/{day.year:04d}") == day  # without leading zeros
    assert parse_date(f"  {day.day:02d}.{day.month:02d}.{day.year:04d} ") == day


@given(MOMENTS)
def test_a_shown_datetime_reads_back_as_itself(moment: datetime) -> None:
    assert parse_datetime(show_datetime(moment)) == moment
    assert parse_datetime(moment.strftime("%Y-%m-%dT%H:%M")) == moment  # what a datetime-local input sent
    assert parse_datetime(moment.strftime("%Y-%m-%d %H:%M")) == moment
    assert parse_datetime(f"{moment:%H:%M} {show_date(moment.date())}") == moment  # as the pages print it


@given(st.text(max_size=12))
def test_any_text_is_a_date_or_none_never_an_error(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/02/2026", date(2026, 2, 1)),  # day first: 1 February, whatever the language
        ("1/2/2026", date(2026, 2, 1)),
        ("29/02/2028", date(2028, 2, 29)),
        ("2026-02-01", date(2026, 2, 1)),
        ("01022026", date(2026, 2, 1)),
    ],
)
def test_day_first_and_iso(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31/02/2026",
        "29/02/2027",
        "13/13/2026",
        "00/01/2026",
        "01/01/0000",
        "01/02/26",
        "2026/02/01",
        "hôm qua",
        "1 tháng 2 2026",
        "01/02/2026 10:00",
        "2026-02-30",
        "32012026",
    ],
)
def test_what_is_not_a_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/11/2026 16:30", datetime(2026, 11, 15, 16, 30)),
        ("15/11/2026 16h30", datetime(2026, 11, 15, 16, 30)),
        ("16:30 15/11/2026", datetime(2026, 11, 15, 16, 30)),
        ("2026-11-15T16:30:05", datetime(2026, 11, 15, 16, 30, 5)),
        ("5/1/2026 8:05", datetime(2026, 1, 5, 8, 5)),
    ],
)
def test_datetimes(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "15/11/2026",
        "16:30",
        "15/11/2026 24:00",
        "15/11/2026 16:60",
        "31/11/2026 10:00",
        "15/11/2026 16:30 17:00",
        "2026-11-15T",
    ],
)
def test_what_is_not_a_datetime(text: str) -> None:
    assert parse_datetime(text) is None


class PeriodForm(forms.Form):
    day = DateField()
    at = DateTimeField(required=False)


def test_the_form_field_takes_both_forms_and_refuses_others_in_vietnamese() -> None:
    assert PeriodForm({"day": "01/02/2026"}).is_valid()
    form = PeriodForm({"day": "2026-02-01", "at": "01/02/2026 16:30"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2026, 2, 1)
    at = form.cleaned_data["at"]
    assert at.tzinfo is not None and at.astimezone(clock.VN_TZ).time() == time(16, 30)  # Vietnam time
    bad = PeriodForm({"day": "02/31/2026", "at": "31/11/2026 10:00"})
    assert not bad.is_valid()
    assert bad.errors == {"day": [str(BAD_DATE)], "at": [str(BAD_DATETIME)]}
    assert str(BAD_DATE) == "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026."


def test_the_widget_shows_day_first_and_helps_the_keyboard() -> None:
    html = str(
        PeriodForm(initial={"day": date(2026, 2, 1), "at": datetime(2026, 2, 1, 16, 30, tzinfo=clock.VN_TZ)})["day"]
    )
    assert 'type="text"' in html and 'value="01/02/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html and "pattern=" in html
    assert DateTextInput().format_value("2026-02-01") == "01/02/2026"  # a stored ISO value
    assert DateTextInput().format_value("01/02/26") == "01/02/26"  # what was typed, kept to be corrected
    at = str(PeriodForm(initial={"at": datetime(2026, 2, 1, 9, 30, tzinfo=clock.VN_TZ)})["at"])
    assert 'value="01/02/2026 09:30"' in at and 'placeholder="dd/mm/yyyy hh:mm"' in at


def test_the_html_pattern_accepts_what_the_parser_accepts() -> None:
    import re

    from motcua.core.dates import DATE_PATTERN, DATETIME_PATTERN

    for text in ("01/02/2026", "1/2/2026", "01.02.2026", "01022026", "2026-02-01"):
        assert re.fullmatch(DATE_PATTERN, text) and parse_date(text)
    for text in ("01/02/2026 16:30", "16:30 01/02/2026", "2026-02-01T16:30", "01/02/2026 16h30"):
        assert re.fullmatch(DATETIME_PATTERN, text) and parse_datetime(text)
    assert not re.fullmatch(DATE_PATTERN, "hôm qua")


@pytest.mark.parametrize("value", [None, ""])
def test_empty_is_none(value: Any) -> None:
    assert DateField(required=False).clean(value) is None
