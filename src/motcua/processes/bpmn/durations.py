"""Step allotments: how much of the legal time a step may use, in working hours or working days.

Camunda Modeler writes ISO 8601 durations (``PT8H``, ``P2D``, ``P1DT4H``); the step table writes
``8h`` / ``2d``. Both normalise to an :class:`Allotment`. A day is a working day and an hour a
working hour (Nghị định 61/2018, Điều 19: processing times count working days).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Unit = Literal["working_hours", "working_days"]

# A working day of the default hours (7:30-11:30, 13:30-17:00) lasts 7.5 hours.
HOURS_PER_DAY = Decimal("7.5")

_ISO = re.compile(r"^P(?:(?P<d>\d+(?:[.,]\d+)?)D)?(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+)M)?)?$")
_SHORT = re.compile(r"^(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>h|d|giờ|ngày)$", re.IGNORECASE)


class DurationError(ValueError):
    """The text is not a duration this app understands."""


@dataclass(frozen=True)
class Allotment:
    unit: Unit
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        """Return the allotment in working hours (days × 7.5)."""
        return self.amount * HOURS_PER_DAY if self.unit == "working_days" else self.amount

    def iso(self) -> str:
        """Return the allotment as an ISO 8601 duration (``P2D``, ``PT8H``, ``PT1H30M``)."""
        if self.unit == "working_days":
            return f"P{_num(self.amount)}D"
        whole = int(self.amount)
        minutes = int((self.amount - whole) * 60)
        return "PT" + (f"{whole}H" if whole or not minutes else "") + (f"{minutes}M" if minutes else "")

    def label(self) -> str:
        """Return the Vietnamese label ("2 ngày làm việc", "8 giờ làm việc")."""
        return f"{_num(self.amount)} " + ("ngày làm việc" if self.unit == "working_days" else "giờ làm việc")


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regexes only pass digits
        raise DurationError(text) from exc


def strip_quotes(text: str) -> str:
    """Return ``text`` without surrounding blanks and one pair of quotes (SpiffWorkflow needs them)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def parse(text: str) -> Allotment:
    """Return the allotment written as ``PT8H``, ``"P2D"``, ``P1DT4H``, ``8h`` or ``2d``.

    Mixed days and hours become hours. Raise :class:`DurationError` for anything else (years,
    months and weeks are refused: their working-day length is not defined).
    """
    raw = strip_quotes(text)
    match = _ISO.match(raw.upper()) if raw.upper().startswith("P") else None
    if match and any(match.group(k) for k in "dhm"):
        days = _dec(match.group("d") or "0")
        hours = _dec(match.group("h") or "0") + Decimal(match.group("m") or 0) / 60
        if hours == 0:
            return Allotment("working_days", days)
        return Allotment("working_hours", days * HOURS_PER_DAY + hours)
    short = _SHORT.match(raw)
    if short:
        unit: Unit = "working_days" if short.group("u").lower() in ("d", "ngày") else "working_hours"
        return Allotment(unit, _dec(short.group("n")))
    raise DurationError(text)
