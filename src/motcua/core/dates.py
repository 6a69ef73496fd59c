"""Dates as people type them, and the form fields that take them.

Vietnamese write dates day first: ``15/11/2026``. A native ``<input type="date">`` shows the
browser's order (mm/dd/yyyy in an English browser), so the pages use a text input that shows and
reads dd/mm/yyyy whatever the browser's language. ISO ``2026-11-15`` is read too: links, the API
and older clients send it.

``parse_date`` and ``parse_datetime`` are pure; ``DateField`` and ``DateTimeField`` are the Django
form fields, with the text widgets, every page uses for a date (stats period, counter intake,
e-forms, Mẫu 06 period, the extension's new due time).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.clock import VN_TZ

DATE_PLACEHOLDER = "dd/mm/yyyy"
DATETIME_PLACEHOLDER = "dd/mm/yyyy hh:mm"
# Day first with / . or - between (d/m/yyyy too), eight digits ddmmyyyy (a phone's numeric pad has
# no "/"), or ISO yyyy-mm-dd.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?")
# The HTML pattern of the inputs (browsers anchor it); the server parses again.
DATE_PATTERN = r"\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{8}|\d{4}-\d{1,2}-\d{1,2})\s*"
DATETIME_PATTERN = (
    r"\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}[ T,]+\d{1,2}[:hg]\d{2}(:\d{2})?"
    r"|\d{1,2}[:hg]\d{2}(:\d{2})?[ ,]+\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?)\s*"
)
BAD_DATE = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026.")
BAD_DATETIME = _("Nhập thời điểm theo dạng ngày/tháng/năm giờ:phút, ví dụ 01/11/2026 16:30.")


def _real_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # 31/02, month 13, year 0
        return None


def parse_date(text: str) -> date | None:
    """Return the date ``text`` names, or ``None`` when it names none.

    Accepted: ``15/11/2026`` (also ``5/1/2026``, ``15.11.2026``, ``15-11-2026``), ``15112026``
    and ISO ``2026-11-15``; spaces around are ignored. A day that does not exist (31/02/2026) is
    ``None``, never a rolled-over date.
    """
    text = text.strip()
    if m := _DAY_FIRST.fullmatch(text):
        return _real_date(m[3], m[2], m[1])
    if m := _DIGITS.fullmatch(text):
        return _real_date(m[3], m[2], m[1])
    if m := _ISO.fullmatch(text):
        return _real_date(m[1], m[2], m[3])
    return None


def _parse_time(text: str) -> time | None:
    m = _TIME.fullmatch(text.strip())
    if m is None:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_datetime(text: str) -> datetime | None:
    """Return the naive date and time ``text`` names (read as Vietnam time by the caller), or ``None``.

    Accepted: ``15/11/2026 16:30`` (the date as ``parse_date`` reads it, seconds optional, ``16h30``
    too), the time first ``16:30 15/11/2026`` as the pages print it, and ISO ``2026-11-15T16:30``
    or ``2026-11-15 16:30`` (what a ``datetime-local`` input sent).
    """
    text = text.strip()
    if "T" in text and _ISO.fullmatch(text.split("T", 1)[0]):
        day_part, time_part = text.split("T", 1)
    else:
        parts = [p for p in re.split(r"[ ,]+", text) if p]
        if len(parts) != 2:
            return None
        day_part, time_part = parts if _TIME.fullmatch(parts[1]) else (parts[1], parts[0])
    day, moment = parse_date(day_part), _parse_time(time_part)
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment)


def show_date(value: date) -> str:
    """``date(2026, 11, 5)`` → ``"05/11/2026"``, as the inputs show it and the pages print it."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def show_moment(value: datetime) -> str:
    """An aware time as the pages print it, in Vietnam: ``"16:30 15/11/2026"`` (object names, notes)."""
    local = value.astimezone(VN_TZ) if value.tzinfo is not None else value
    return f"{local:%H:%M} {show_date(local.date())}"


def show_datetime(value: datetime) -> str:
    """``datetime(2026, 11, 5, 16, 30)`` → ``"05/11/2026 16:30"`` (the input's form; no conversion)."""
    return f"{show_date(value)} {value.hour:02d}:{value.minute:02d}"


class DateTextInput(forms.TextInput):
    """A text input for a date: dd/mm/yyyy placeholder, numeric keypad, a pattern for the browser."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": DATE_PLACEHOLDER,
            "inputmode": "numeric",
            "pattern": DATE_PATTERN,
            "autocomplete": "off",
            "size": "12",
            "maxlength": "10",
            "class": "date-input",
            "data-msg-pattern": BAD_DATE,
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return show_date(value)
        if isinstance(value, str) and _ISO.fullmatch(value.strip()):  # a stored ISO value, shown day first
            parsed = parse_date(value)
            if parsed is not None:
                return show_date(parsed)
        return super().format_value(value)  # type: ignore[no-any-return]


class DateTimeTextInput(forms.TextInput):
    """A text input for a date and time: ``dd/mm/yyyy hh:mm``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": DATETIME_PLACEHOLDER,
            "pattern": DATETIME_PATTERN,
            "autocomplete": "off",
            "size": "18",
            "maxlength": "19",
            "class": "date-input",
            "data-msg-pattern": BAD_DATETIME,
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            return show_datetime(value)
        return super().format_value(value)  # type: ignore[no-any-return]


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy (or ISO); a bad one gets one clear Vietnamese message."""

    widget = DateTextInput
    default_error_messages = {"invalid": BAD_DATE}

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class DateTimeField(forms.DateTimeField):
    """A date and time typed ``dd/mm/yyyy hh:mm`` (or ISO), aware in the current time zone (Vietnam)."""

    widget = DateTimeTextInput
    default_error_messages = {"invalid": BAD_DATETIME}

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return from_current_timezone(value)
        parsed = parse_datetime(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return from_current_timezone(parsed)
