"""Settings of the processes app: accessors of ``django.conf.settings`` (declared in motcua.config)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def due_soon_window() -> timedelta:
    """How long before a step's due time it counts as "due soon" (default: 4 working... wall hours)."""
    return timedelta(hours=float(settings.MOTCUA_PROCESS_DUE_SOON_HOURS))


def spec_cache_size() -> int:
    """How many parsed process specs stay in memory per worker process."""
    return int(settings.MOTCUA_PROCESS_SPEC_CACHE)
