"""Zalo notification messages (ZNS) through the Zalo Business OpenAPI.

``POST {MOTCUA_ZALO_URL}/message/template`` with header ``access_token`` and JSON ``{"phone":
"84xxxxxxxxx", "template_id", "template_data": {name: value}, "tracking_id"}``. The answer is
``{"error": 0, "message": "Success", "data": {"msg_id", "sent_time", ...}}`` or a negative error.

ZNS does not deduplicate by ``tracking_id`` (it only echoes it in webhooks), so a send
interrupted mid-call is never repeated: it ends as "unknown" (see ``dispatch``).
"""

from __future__ import annotations

from typing import Any

from motcua.notifications import conf
from motcua.notifications.channels.base import DeliveryError, PermanentDeliveryError, post_json
from motcua.notifications.models import Notification

# Refusals that a retry cannot change (Zalo error codes).
PERMANENT = {
    -108: "phone number invalid",
    -109: "template id invalid",
    -111: "template data empty",
    -112: "template data invalid",
    -117: "template not approved or disabled",
    -118: "no Zalo account for this phone number, or it is inactive",
    -119: "the Zalo account cannot receive ZNS",
    -131: "template not approved",
    -139: "the user refused this kind of message",
}
# -124 (access token invalid/expired), -115 (quota), -133 (outside sending hours), -32 (rate limit):
# retried, since the cause passes or an administrator fixes it within the retry window.


class ZaloBackend:
    idempotent = False

    def send(self, notification: Notification) -> str:
        body = {
            "phone": notification.recipient,
            "template_id": notification.data.get("template_id", ""),
            "template_data": notification.data.get("template_data", {}),
            "tracking_id": notification.reference,
        }
        status, answer = post_json(
            f"{conf.zalo_url()}/message/template",
            body,
            headers={"access_token": conf.zalo_access_token()},
            timeout=conf.http_timeout(),
        )
        error_code = answer.get("error")
        raw_data = answer.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        if status == 200 and error_code == 0 and data.get("msg_id"):
            return str(data["msg_id"])
        error = f"HTTP {status} error={error_code} {answer.get('message', '')}".strip()
        if isinstance(error_code, int) and error_code in PERMANENT:
            raise PermanentDeliveryError(f"{error} ({PERMANENT[error_code]})")
        raise DeliveryError(error)
