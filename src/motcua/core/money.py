"""Amounts in đồng as Vietnamese write them: ``205000`` → ``"205.000"`` (pages add " đ")."""

from __future__ import annotations

from typing import Any


def vnd(amount: Any) -> str:
    """Return the whole amount with a dot between thousands ("1.250.000"); "" when it is no number.

    The unit is not added: templates print ``{{ x|vnd }} đ``, so the filter must not say "đ" twice.
    """
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


def vnd_text(amount: Any) -> str:
    """``205000`` → ``"205.000 đ"``, for text built in Python (object names, simulator pages)."""
    return f"{vnd(amount)} đ"
