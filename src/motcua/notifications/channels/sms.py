"""Brandname SMS through an HTTP gateway.

Protocol "jsonbrand" (field names as Vietnamese brandname gateways use them):

``POST {MOTCUA_SMS_URL}/v1/sms/send`` with JSON ``{"ApiKey", "SecretKey", "Brandname", "Phone"
(84xxxxxxxxx), "Content", "IsUnicode" (0/1), "SmsType": "CSKH", "RequestId", "CallbackUrl"}``.
The answer is JSON ``{"CodeResult", "SMSID", "ErrorMessage"}``:

=====  =====================================================  ==========
code   meaning                                                our reading
=====  =====================================================  ==========
100    accepted                                               sent
124    RequestId already accepted: SMSID of the first request sent (no second SMS)
101    wrong ApiKey/SecretKey                                 retry (fix the settings)
103    balance exhausted                                      retry
104    brandname not registered                               failed
118    phone number invalid                                   failed
119    content does not match a registered template           failed
99     gateway error                                          retry
=====  =====================================================  ==========

``RequestId`` is the notification's reference, so a request repeated after a worker died
mid-call is recognised by the gateway (code 124) instead of sending the SMS twice.

Delivery receipts (DLR) are POSTed by the gateway to ``CallbackUrl`` as JSON ``{"SMSID",
"RequestId", "Status": "delivered"|"failed"|"expired"|"rejected", "ErrorCode", "DoneAt"}`` with
``X-Signature: hex(HMAC-SHA256(SecretKey, raw body))``; see ``services.record_sms_receipt``.

Incoming messages (MO: a person texting the brandname's service number) are POSTed to
``/api/v1/notifications/sms/mo`` as JSON ``{"MoId", "Phone" (84xxxxxxxxx), "ServiceNumber",
"Brandname", "Content", "ReceivedAt"}``, signed the same way as the receipts; see ``tracking``.
"""

from __future__ import annotations

from motcua.notifications import conf
from motcua.notifications.channels.base import DeliveryError, PermanentDeliveryError, post_json
from motcua.notifications.models import Notification
from motcua.notifications.notice_text import sms_encoding

ACCEPTED = {"100", "124"}
PERMANENT = {"104", "118", "119"}


class SmsBackend:
    idempotent = True  # the gateway deduplicates by RequestId

    def send(self, notification: Notification) -> str:
        if conf.sms_provider() != "jsonbrand":
            raise DeliveryError(f"unknown SMS provider {conf.sms_provider()!r}")
        body = {
            "ApiKey": conf.sms_api_key(),
            "SecretKey": conf.sms_secret(),
            "Brandname": conf.sms_brandname(),
            "Phone": notification.recipient,
            "Content": notification.body,
            "IsUnicode": 1 if sms_encoding(notification.body) == "ucs2" else 0,
            "SmsType": "CSKH",
            "RequestId": notification.reference,
            "CallbackUrl": conf.sms_callback_url(),
        }
        status, answer = post_json(f"{conf.sms_url()}/v1/sms/send", body, headers={}, timeout=conf.http_timeout())
        code = str(answer.get("CodeResult", ""))
        if status == 200 and code in ACCEPTED and answer.get("SMSID"):
            return str(answer["SMSID"])
        error = f"HTTP {status} CodeResult={code or '-'} {answer.get('ErrorMessage', '')}".strip()
        if code in PERMANENT or (400 <= status < 500 and status not in {401, 403, 408, 429}):
            raise PermanentDeliveryError(error)
        raise DeliveryError(error)
