"""What a fee line charges for a dossier's form data (phí, lệ phí "fixed amount or by rule").

A line with no ``quantity_field`` charges its amount once. A line with one charges ``amount`` per
unit of that numeric form field, skipping the first ``free_quantity`` units, counting at most
``max_quantity`` units, and never more than ``max_amount``. A line with a ``multiplier_field``
then multiplies that by the numeric field's value (per copy × copies); ``max_amount`` caps each
multiple, not the product. An empty multiplier counts as 1. Examples (demo catalogue):
- judicial record, extra copies: 5,000 đ per copy from the 3rd (free_quantity 2);
- certified copy (Circular 226/2016/TT-BTC): per copy, 2,000 đ per page for pages 1–2
  (max_quantity 2) and 1,000 đ per page from the 3rd (free_quantity 2), at most 200,000 đ per
  copy; both lines multiplied by the number of copies: 3 pages × 2 copies = 10,000 đ.

Every place that computes a fee (reception, the payment assessment, the review step, the API,
the counter) calls ``charge``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Protocol


class FeeRule(Protocol):
    amount: int
    quantity_field: str
    free_quantity: int
    max_quantity: int | None
    max_amount: int | None
    multiplier_field: str


def _units(form_data: dict[str, Any] | None, field: str) -> int | None:
    """The whole number in ``form_data[field]``; ``None`` when empty or not a number."""
    raw = (form_data or {}).get(field)
    if raw in (None, ""):
        return None
    try:
        return int(Decimal(str(raw)))
    except (InvalidOperation, ValueError):
        return None


def quantity(line: FeeRule, form_data: dict[str, Any] | None) -> int:
    """Return the billable units of ``line`` for ``form_data`` (1 for a fixed-amount line)."""
    if not line.quantity_field:
        return 1
    units = max((_units(form_data, line.quantity_field) or 0) - line.free_quantity, 0)
    if line.max_quantity is not None:
        units = min(units, line.max_quantity)
    return units


def multiplier(line: FeeRule, form_data: dict[str, Any] | None) -> int:
    """Return how many times ``line`` is charged (1 without a ``multiplier_field`` or when it is empty)."""
    if not line.multiplier_field:
        return 1
    value = _units(form_data, line.multiplier_field)
    return 1 if value is None else max(value, 0)


def charge(line: FeeRule, form_data: dict[str, Any] | None) -> int:
    """Return the amount in VND that ``line`` charges for ``form_data``."""
    total = line.amount * quantity(line, form_data)
    if line.max_amount is not None:
        total = min(total, line.max_amount)
    return total * multiplier(line, form_data)
