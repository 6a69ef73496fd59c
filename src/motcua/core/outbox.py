"""The transactional outbox: enqueue side effects with the change, deliver them after commit.

``enqueue`` must be called inside the transaction of the change it reports; the row commits or
rolls back with it. ``deliver_due`` is run by the worker: each message is claimed under a row
lock, handed to the handler registered for its topic, and marked sent, or rescheduled with
backoff, or failed for good after ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction

from motcua.core import clock
from motcua.core.models import OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, Handler] = {}

MAX_ATTEMPTS = 48  # with the backoff below: retries over more than 24 hours


def register(topic: str) -> Callable[[Handler], Handler]:
    """Register the delivery function for ``topic``."""

    def deco(fn: Handler) -> Handler:
        _handlers[topic] = fn
        return fn

    return deco


def backoff(attempts: int) -> timedelta:
    """Return the wait after the ``attempts``-th failure: 30 s doubling, capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def enqueue(*, topic: str, key: str, payload: dict[str, Any]) -> OutboxMessage | None:
    """Add a message unless one with ``key`` exists (one event, one message)."""
    now = clock.now()
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                key=key, topic=topic, payload=payload, next_attempt_at=now, created_at=now
            )
    except IntegrityError:
        return None


def deliver_due(limit: int = 50) -> int:
    """Deliver up to ``limit`` messages whose time has come; return how many were handled."""
    handled = 0
    for _ in range(limit):
        with transaction.atomic():
            msg = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=clock.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if msg is None:
                break
            _deliver_one(msg)
            handled += 1
    return handled


def _deliver_one(msg: OutboxMessage) -> None:
    msg.attempts += 1
    handler = _handlers.get(msg.topic)
    try:
        if handler is None:
            raise LookupError(f"no handler for topic {msg.topic!r}")
        handler(msg.payload)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the message
        log.warning("outbox delivery failed: %s attempt %s: %s", msg.key, msg.attempts, exc)
        msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if msg.attempts >= MAX_ATTEMPTS:
            msg.status = OutboxMessage.Status.FAILED
        else:
            msg.next_attempt_at = clock.now() + backoff(msg.attempts)
    else:
        msg.status = OutboxMessage.Status.SENT
        msg.sent_at = clock.now()
        msg.last_error = ""
    msg.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at"])
