"""Run a library's ``asyncio.run`` from synchronous code, whatever the calling thread is doing.

pyHanko's synchronous calls (signing, validation) and our CSC client each start an event loop with
``asyncio.run``, which refuses to start while the thread already runs one: an ASGI view, or the
Playwright sync API of the browser tests. ``outside_loop`` calls the function here when the thread
has no running loop, and in a worker thread of its own otherwise. The function must not touch the
database (its connection belongs to the calling thread).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def outside_loop(fn: Callable[[], T]) -> T:
    """``fn()``, in a thread with no running event loop; its exception propagates."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="outside-loop") as pool:
        return pool.submit(fn).result()
