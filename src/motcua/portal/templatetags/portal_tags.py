"""Template filters of the portal."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.core import money

register = template.Library()


@register.filter
def vnd(amount: Any) -> str:
    """Format an amount in đồng the Vietnamese way: 1250000 -> "1.250.000" (no unit: core.money)."""
    return money.vnd(amount) or str(amount)


@register.filter
def filesize(size: Any) -> str:
    try:
        n = int(size)
    except (TypeError, ValueError):
        return ""
    return f"{n / 1048576:.1f} MB".replace(".", ",") if n >= 1048576 else f"{max(1, -(-n // 1024))} KB"
