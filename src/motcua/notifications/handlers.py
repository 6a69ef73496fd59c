"""The outbox handler of topic "notify" (the notice contract every app enqueues)."""

from __future__ import annotations

from typing import Any

from motcua.core import outbox
from motcua.notifications.dispatch import notify


@outbox.register("notify")
def handle_notify(payload: dict[str, Any]) -> None:
    """Deliver ``{"event", "dossier_id", "user_id", "email", "phone", "context"}`` on each channel once."""
    key = outbox.current_key()
    if key is None:
        raise RuntimeError("the notify handler runs only inside outbox delivery")
    notify(payload, key=key)
