"""The transactional outbox: enqueue side effects with the change, deliver them after commit.

``enqueue`` must be called inside the transaction of the change it reports; the row commits or
rolls back with it. ``deliver_due`` is run by the worker: each message is claimed under a row
lock and leased (its next attempt moved ``LEASE`` ahead, the attempt counted and logged), the
claim commits, and only then is the handler called, outside any transaction, so a handler can
commit its own progress (e.g. "the SMS gateway accepted message X") before it returns. The
message is then marked sent, or rescheduled with backoff, or failed for good after
``MAX_ATTEMPTS`` or a ``PermanentError``. A worker that dies mid-delivery leaves the lease: the
message is retried when the lease ends, and the handler must be idempotent (see
``current_key``).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction

from motcua.core import clock, rowsql
from motcua.core.models import OutboxAttempt, OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, Handler] = {}

MAX_ATTEMPTS = 48  # with the backoff below: retries over more than 24 hours
LEASE = timedelta(minutes=10)  # longer than any handler may run (HTTP timeouts are 30 s)


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help (bad payload): the message fails at once."""


@dataclass(frozen=True)
class Delivery:
    """The message a handler is delivering: its unique key and the attempt number (1-based)."""

    key: str
    attempt: int
    last: bool  # no retry follows a failure of this attempt


_current: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar("outbox_delivery", default=None)


def current() -> Delivery | None:
    """Return the message being delivered by this thread's handler, or ``None`` outside one."""
    return _current.get()


def current_key() -> str | None:
    """Return the key of the message being delivered: a handler's idempotency key."""
    delivery = _current.get()
    return delivery.key if delivery else None


def register(topic: str) -> Callable[[Handler], Handler]:
    """Register the delivery function for ``topic``."""

    def deco(fn: Handler) -> Handler:
        _handlers[topic] = fn
        return fn

    return deco


def backoff(attempts: int) -> timedelta:
    """Return the wait after the ``attempts``-th failure: 30 s doubling, capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def enqueue_statement(*, topic: str, key: str, payload: dict[str, Any]) -> tuple[str, list[Any]]:
    """Return the SQL of ``enqueue`` (without its answer), for a ``core.rowsql.Batch`` of the same transaction."""
    now = clock.now()
    return rowsql.insert_values(
        OutboxMessage,
        {"key": key, "topic": topic, "payload": payload, "next_attempt_at": now, "created_at": now},
        unless_exists=("key",),
    )


def enqueue(*, topic: str, key: str, payload: dict[str, Any]) -> OutboxMessage | None:
    """Add a message unless one with ``key`` exists (one event, one message); None if it existed.

    One statement (an insert that ignores a duplicate key), so the caller's transaction needs no
    savepoint: this runs inside every dossier transition.
    """
    msg = OutboxMessage(key=key, topic=topic, payload=payload, next_attempt_at=clock.now())
    msg.created_at = msg.next_attempt_at
    sql, params = rowsql.insert_statement(msg, unless_exists=("key",), returning=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    msg.pk = row[0]
    msg._state.adding = False
    msg._state.db = connection.alias
    return msg


def deliver_due(limit: int = 50) -> int:
    """Deliver up to ``limit`` messages whose time has come; return how many were handled."""
    handled = 0
    for _ in range(limit):
        claimed = _claim()
        if claimed is None:
            break
        _deliver_one(*claimed)
        handled += 1
    return handled


def _claim() -> tuple[OutboxMessage, OutboxAttempt] | None:
    """Lease the next due message and log the attempt; commit before the handler runs."""
    with transaction.atomic():
        now = clock.now()
        msg = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if msg is None:
            return None
        msg.attempt_log.filter(outcome=OutboxAttempt.Outcome.RUNNING).update(
            outcome=OutboxAttempt.Outcome.INTERRUPTED, finished_at=now, error="the worker stopped during this attempt"
        )
        msg.attempts += 1
        msg.next_attempt_at = now + LEASE
        msg.save(update_fields=["attempts", "next_attempt_at"])
        attempt = OutboxAttempt.objects.create(message=msg, number=msg.attempts, started_at=now)
    return msg, attempt


def _deliver_one(msg: OutboxMessage, attempt: OutboxAttempt) -> None:
    handler = _handlers.get(msg.topic)
    token = _current.set(Delivery(key=msg.key, attempt=msg.attempts, last=msg.attempts >= MAX_ATTEMPTS))
    error: Exception | None = None
    try:
        if handler is None:
            raise LookupError(f"no handler for topic {msg.topic!r}")
        handler(msg.payload)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the message
        log.warning("outbox delivery failed: %s attempt %s: %s", msg.key, msg.attempts, exc)
        error = exc
    finally:
        _current.reset(token)
    with transaction.atomic():
        now = clock.now()
        if error is not None:
            msg.last_error = f"{type(error).__name__}: {error}"[:2000]
            if msg.attempts >= MAX_ATTEMPTS or isinstance(error, PermanentError):
                msg.status = OutboxMessage.Status.FAILED
            else:
                msg.next_attempt_at = now + backoff(msg.attempts)
            attempt.outcome, attempt.error = OutboxAttempt.Outcome.ERROR, msg.last_error
        else:
            msg.status = OutboxMessage.Status.SENT
            msg.sent_at = now
            msg.last_error = ""
            attempt.outcome = OutboxAttempt.Outcome.OK
        attempt.finished_at = now
        msg.save(update_fields=["status", "next_attempt_at", "last_error", "sent_at"])
        attempt.save(update_fields=["outcome", "error", "finished_at"])
