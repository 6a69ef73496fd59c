"""The outbox handlers of topic "notify" (the notice contract every app enqueues) and "tracking.reply"."""

from __future__ import annotations

from typing import Any

from motcua.core import outbox
from motcua.notifications.dispatch import notify, reply


@outbox.register("notify")
def handle_notify(payload: dict[str, Any]) -> None:
    """Deliver ``{"event", "dossier_id", "user_id", "email", "phone", "context"}`` on each channel once."""
    key = outbox.current_key()
    if key is None:
        raise RuntimeError("the notify handler runs only inside outbox delivery")
    notify(payload, key=key)


@outbox.register("tracking.reply")
def handle_tracking_reply(payload: dict[str, Any]) -> None:
    """Send ``{"channel", "recipient", "body"}``, the answer to a tracking message, once."""
    key = outbox.current_key()
    if key is None:
        raise RuntimeError("the tracking.reply handler runs only inside outbox delivery")
    reply(payload, key=key)
