"""The one place the application reads the current time, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current aware datetime (UTC), or the frozen one in tests."""
    return _frozen if _frozen is not None else timezone.now()


def local_now() -> datetime:
    """Return the current time in Vietnam (Asia/Ho_Chi_Minh)."""
    return now().astimezone(VN_TZ)


def freeze(moment: datetime | None) -> None:
    """Freeze ``now()`` at ``moment`` (``None`` unfreezes). For tests and simulations only."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    # In UTC, as timezone.now() gives it: code that forgets to convert to local time fails in tests too.
    _frozen = moment.astimezone(UTC) if moment is not None else None


def utc_iso(moment: datetime) -> str:
    """Return ``moment`` as the API writes times: in UTC, ISO 8601 with ``Z`` (2026-11-23T02:30:00Z).

    Milliseconds are kept when there are any, as Django's JSON encoder does. A naive ``moment``
    (none should reach the API) is read as Vietnam time.
    """
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=VN_TZ)
    text = (
        aware.astimezone(UTC)
        .replace(tzinfo=None)
        .isoformat(timespec="milliseconds" if aware.microsecond else "seconds")
    )
    return text + "Z"
