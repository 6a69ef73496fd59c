"""The override table, cached per process (core.caching): every due time reads it."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from motcua.core.caching import ProcessCache

Overrides = dict[date, tuple[bool, str]]


def _load(key: Hashable) -> Overrides:
    # Function-local: the cache is declared at import, the model is read only when it loads.
    from motcua.calendars.models import CalendarOverride

    rows = CalendarOverride.objects.values_list("date", "kind", "name").order_by()
    return {d: (kind == CalendarOverride.Kind.WORK, name) for d, kind, name in rows}


OVERRIDES: ProcessCache[Overrides] = ProcessCache("calendar-overrides", _load)


def current() -> Overrides:
    """Return {date: (is working day, name)} of every override (do not mutate it)."""
    return OVERRIDES.get(None)
