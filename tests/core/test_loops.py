"""core/loops.py: a library's asyncio.run works from a thread that already runs an event loop.

Each test runs in a thread of its own: the suite's main thread may already run a loop (the
Playwright sync API of the browser tests), which is the very case the module is for.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from motcua.core.loops import outside_loop


async def _answer() -> int:
    await asyncio.sleep(0)
    return 42


def _in_a_fresh_thread(fn: Callable[[], Any]) -> Any:
    """``fn()`` in a new thread with no event loop; its result, or its exception raised here."""
    outcome: dict[str, Any] = {}

    def body() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=body)
    thread.start()
    thread.join(timeout=30)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_without_a_running_loop_it_runs_here() -> None:
    def here() -> tuple[bool, int]:
        me = threading.get_ident()
        answer, ran_in = outside_loop(lambda: (asyncio.run(_answer()), threading.get_ident()))
        return ran_in == me, answer

    assert _in_a_fresh_thread(here) == (True, 42)


def test_inside_a_running_loop_it_runs_in_another_thread_where_asyncio_run_works() -> None:
    async def caller() -> tuple[int, bool]:
        refused = _answer()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(refused)  # what pyHanko's synchronous calls met under Playwright's sync API
        refused.close()
        me = threading.get_ident()
        answer, ran_in = outside_loop(lambda: (asyncio.run(_answer()), threading.get_ident()))
        return answer, ran_in != me

    assert _in_a_fresh_thread(lambda: asyncio.run(caller())) == (42, True)


def test_the_exception_of_the_function_propagates() -> None:
    async def caller() -> None:
        outside_loop(lambda: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        _in_a_fresh_thread(lambda: asyncio.run(caller()))
