"""Periodic work run by the worker (deadline warnings, escalations, sync retries).

Other apps register a tick with ``@tick(seconds)``; the worker calls ``run_ticks()`` often and
each tick runs when its period has passed. Ticks must be idempotent: after a restart they run
again at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

_ticks: list[tuple[float, Callable[[], None]]] = []
_last_run: dict[Callable[[], None], float] = {}


def tick(seconds: float) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def deco(fn: Callable[[], None]) -> Callable[[], None]:
        _ticks.append((seconds, fn))
        return fn

    return deco


def run_ticks() -> int:
    """Run the ticks whose period has passed; return how many ran."""
    ran = 0
    now = time.monotonic()
    for period, fn in _ticks:
        if now - _last_run.get(fn, -1e12) >= period:
            _last_run[fn] = now
            try:
                fn()
            except Exception:  # one failing tick must not stop the others
                log.exception("tick %s failed", fn.__name__)
            ran += 1
    return ran
