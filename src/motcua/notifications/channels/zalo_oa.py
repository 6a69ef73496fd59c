"""Answers from the province's Zalo Official Account (tin tư vấn, OA API v3).

``POST {MOTCUA_ZALO_OA_URL}/v3.0/oa/message/cs`` with header ``access_token`` and JSON
``{"recipient": {"user_id"}, "message": {"text"}}``; the answer is ``{"error": 0, "message":
"Success", "data": {"message_id", "user_id"}}`` or a non-zero error. A consultation message may go
only to a person who wrote to the OA recently, which is the case of an answer to their message.

The OA API does not deduplicate, so a send interrupted mid-call is not repeated ("unknown").
"""

from __future__ import annotations

from typing import Any

from motcua.notifications import conf
from motcua.notifications.channels.base import DeliveryError, PermanentDeliveryError, post_json
from motcua.notifications.models import Notification

MAX_TEXT = 2000  # characters of one OA text message


class ZaloOaBackend:
    idempotent = False

    def send(self, notification: Notification) -> str:
        body = {"recipient": {"user_id": notification.recipient}, "message": {"text": notification.body[:MAX_TEXT]}}
        status, answer = post_json(
            f"{conf.zalo_oa_url()}/v3.0/oa/message/cs",
            body,
            headers={"access_token": conf.zalo_oa_access_token()},
            timeout=conf.http_timeout(),
        )
        error_code = answer.get("error")
        raw_data = answer.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        if status == 200 and error_code == 0 and data.get("message_id"):
            return str(data["message_id"])
        error = f"HTTP {status} error={error_code} {answer.get('message', '')}".strip()
        if 400 <= status < 500 and status not in {401, 403, 408, 429}:
            raise PermanentDeliveryError(error)
        raise DeliveryError(error)
