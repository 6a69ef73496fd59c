"""Pages of the back-office lists from the ``?trang=`` parameter, whatever it holds."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator


def page_of(rows: Any, number: str | None, size: int) -> Page[Any]:
    """Return page ``number`` of ``rows``: the first page for anything but a positive whole number
    ("0", "-1", "abc"), the last page for a number past the end. Never raises."""
    paginator = Paginator(rows, size)
    text = (number or "").strip()
    if not text.isdigit():
        return paginator.get_page(1)
    wanted = int(text) if len(text) < 10 else paginator.num_pages  # "9" * 5000 is too long for int()
    return paginator.get_page(max(wanted, 1))
