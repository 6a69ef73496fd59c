"""Helpers for notification tests."""

from __future__ import annotations

from typing import Any

from motcua.core import outbox
from motcua.core.models import OutboxMessage
from motcua.notifications.models import Notification


def enqueue_notice(key: str = "t1", **payload: Any) -> OutboxMessage | None:
    body = {
        "event": "received",
        "dossier_id": None,
        "user_id": None,
        "email": "",
        "phone": "",
        "context": {
            "code": "H26.101-261123-0001",
            "procedure": "Thủ tục thử nghiệm ba ngày",
            "applicant_name": "Nguyễn Thị Hằng",
            "due": "17:00 27/11/2026",
            "status": "Đã tiếp nhận",
            "url": "http://127.0.0.1:8000/tra-cuu/H26.101-261123-0001/",
        },
    }
    body.update(payload)
    return outbox.enqueue(topic="notify", key=key, payload=body)


def states(**filters: Any) -> list[tuple[str, str, int]]:
    """(channel, status, attempts) of the notifications, in channel order of creation."""
    return list(Notification.objects.filter(**filters).order_by("id").values_list("channel", "status", "attempts"))
