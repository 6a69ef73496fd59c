"""``motcua worker``: the background worker.

Runs the django-tasks database worker (queued background tasks) and, in a second thread, the
outbox loop: deliver due outbox messages and run the periodic ticks. Stop with Ctrl+C / SIGTERM.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from motcua.core import outbox
from motcua.core.ticks import run_ticks

log = logging.getLogger("motcua.worker")


def outbox_loop(stop: threading.Event, interval: float) -> None:
    """Deliver outbox messages and run periodic ticks until ``stop`` is set."""
    while not stop.is_set():
        try:
            close_old_connections()
            delivered = outbox.deliver_due()
            run_ticks()
        except Exception:  # the loop must survive a bad round; it is logged
            log.exception("outbox round failed")
            delivered = 0
        if not delivered:
            stop.wait(interval)
    connections.close_all()


class Command(BaseCommand):
    help = "Run the background worker (tasks queue + outbox delivery + periodic ticks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between idle polls")
        parser.add_argument("--once", action="store_true", help="deliver what is due once, run queued tasks, exit")

    def handle(self, *args: Any, **opts: Any) -> None:
        interval = opts["interval"]
        if opts["once"]:
            delivered = outbox.deliver_due(limit=10_000)
            run_ticks()
            self._tasks_worker(batch=True).run()
            self.stdout.write(f"delivered {delivered}")
            return
        stop = threading.Event()
        thread = threading.Thread(target=outbox_loop, args=(stop, interval), name="outbox", daemon=True)
        thread.start()
        self.stdout.write("MotCua worker started (tasks + outbox).")
        worker = self._tasks_worker(batch=False, interval=interval)
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            thread.join(timeout=10)

    def _tasks_worker(self, *, batch: bool, interval: float = 1.0) -> Worker:
        return Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
