"""Small builders shared by the calendar tests."""

from __future__ import annotations

from datetime import date, datetime

from motcua.core.clock import VN_TZ


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """Return an aware datetime in Vietnam time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)


def d(text: str) -> date:
    """Return the date written as YYYY-MM-DD."""
    return date.fromisoformat(text)
