"""What a fee line charges for a dossier's form data (phí, lệ phí "fixed amount or by rule").

A line with no ``quantity_field`` charges its amount once. A line with one charges ``amount`` per
unit of that numeric form field, skipping the first ``free_quantity`` units, counting at most
``max_quantity`` units, and never more than ``max_amount``. Examples (demo catalogue):
- judicial record, extra copies: 5,000 đ per copy from the 3rd (free_quantity 2);
- certified copy: 2,000 đ per page for pages 1–2 (max_quantity 2) and 1,000 đ per page from the 3rd
  (free_quantity 2), at most 200,000 đ per copy (Circular 226/2016/TT-BTC).
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


def quantity(line: FeeRule, form_data: dict[str, Any] | None) -> int:
    """Return the billable units of ``line`` for ``form_data`` (1 for a fixed-amount line)."""
    if not line.quantity_field:
        return 1
    raw = (form_data or {}).get(line.quantity_field)
    try:
        units = int(Decimal(str(raw))) if raw not in (None, "") else 0
    except (InvalidOperation, ValueError):
        units = 0
    units = max(units - line.free_quantity, 0)
    if line.max_quantity is not None:
        units = min(units, line.max_quantity)
    return units


def charge(line: FeeRule, form_data: dict[str, Any] | None) -> int:
    """Return the amount in VND that ``line`` charges for ``form_data``."""
    total = line.amount * quantity(line, form_data)
    return min(total, line.max_amount) if line.max_amount is not None else total
