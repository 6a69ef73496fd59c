"""core/loops.py: a library's asyncio.run works from a thread that already runs an event loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

from motcua.core.loops import outside_loop


async def _answer() -> int:
    await asyncio.sleep(0)
    return 42


def test_without_a_running_loop_it_runs_here() -> None:
    here = threading.get_ident()
    assert outside_loop(lambda: (asyncio.run(_answer()), threading.get_ident())) == (42, here)


def test_inside_a_running_loop_it_runs_in_another_thread_where_asyncio_run_works() -> None:
    async def caller() -> tuple[int, int]:
        refused = _answer()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(refused)  # what pyHanko's synchronous calls met under Playwright's sync API
        refused.close()
        return outside_loop(lambda: (asyncio.run(_answer()), threading.get_ident()))

    answer, thread = asyncio.run(caller())
    assert answer == 42 and thread != threading.get_ident()


def test_the_exception_of_the_function_propagates() -> None:
    async def caller() -> None:
        outside_loop(lambda: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        asyncio.run(caller())
