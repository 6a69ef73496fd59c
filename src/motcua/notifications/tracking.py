"""Tracking where people are: a message with a dossier code, by SMS or to the Zalo OA, gets its status.

Two webhooks feed it, each verified before its body is read:

- the SMS gateway's incoming messages (MO, "jsonbrand": see ``channels/sms.py``), signed like its
  delivery receipts: ``X-Signature: hex(HMAC-SHA256(SecretKey, raw body))``;
- the Zalo Official Account's webhook, event ``user_send_text``, signed ``X-ZEvent-Signature:
  mac=hex(SHA-256(app id + raw body + timestamp + OA secret key))``, the timestamp being the
  body's ``timestamp``; other events are acknowledged and ignored.

The answer says what public tracking says (``dossiers.tracking.public_status``: status, procedure,
dates, the body handling it) and nothing personal. It goes out through the outbox (topic
``tracking.reply``) on the channel it came from. Each sender may ask ``MOTCUA_TRACK_SENDER_LIMIT``
times per window, everyone together ``MOTCUA_TRACK_GLOBAL_LIMIT`` times per window
(``conf.track_limits``). A message delivered twice by a gateway is answered once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core import clock, outbox
from motcua.core.errors import PayloadTooLarge, PermissionDenied, TooManyRequests, ValidationError
from motcua.dossiers import code_format
from motcua.dossiers.notifications import local
from motcua.dossiers.tracking import public_status
from motcua.notifications import conf
from motcua.notifications.models import InboundMessage
from motcua.notifications.notice_text import sms_segments, strip_diacritics
from motcua.notifications.phones import to_international

MAX_BODY_BYTES = 16 * 1024  # a text message with its envelope is far smaller
MAX_TEXT = 1000  # characters of the message looked at
PROVIDER_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")
ZALO_USER = re.compile(r"^\d{1,32}$")
Outcome = InboundMessage.Outcome


def sms_incoming(*, raw_body: bytes, signature: str) -> str:
    """Handle one MO message posted by the SMS gateway; return the outcome (see ``InboundMessage``)."""
    _check_size(raw_body)
    secret = conf.sms_secret()
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    if not conf.sms_enabled() or not secret or not hmac.compare_digest(expected, (signature or "").strip().lower()):
        raise PermissionDenied(_("Chữ ký không hợp lệ."), code="bad_signature")
    data = _json(raw_body)
    mo_id, phone, text = data.get("MoId"), to_international(str(data.get("Phone") or "")), data.get("Content")
    if not isinstance(mo_id, str) or not PROVIDER_ID.match(mo_id) or not phone or not isinstance(text, str):
        raise ValidationError(
            _("Dữ liệu gửi lên không hợp lệ."), code="bad_message", details={"fields": ["MoId", "Phone", "Content"]}
        )
    return _answer("sms", mo_id, phone, text)


def zalo_incoming(*, raw_body: bytes, signature: str) -> str:
    """Handle one event of the Zalo OA webhook; return the outcome, or "ignored" for other events."""
    _check_size(raw_body)
    app_id, secret = conf.zalo_app_id(), conf.zalo_oa_secret_key()
    try:
        data = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    timestamp = str(data.get("timestamp", "")) if isinstance(data, dict) else ""
    expected = hashlib.sha256(app_id.encode() + raw_body + timestamp.encode() + secret.encode()).hexdigest()
    given = (signature or "").strip().lower().removeprefix("mac=")
    if not conf.zalo_oa_enabled() or not isinstance(data, dict) or not hmac.compare_digest(expected, given):
        raise PermissionDenied(_("Chữ ký không hợp lệ."), code="bad_signature")
    event: dict[str, Any] = data
    if event.get("event_name") != "user_send_text":
        return "ignored"
    sender = event["sender"] if isinstance(event.get("sender"), dict) else {}
    message = event["message"] if isinstance(event.get("message"), dict) else {}
    user_id, msg_id, text = str(sender.get("id") or ""), message.get("msg_id"), message.get("text")
    if (
        not ZALO_USER.match(user_id)
        or not isinstance(msg_id, str)
        or not PROVIDER_ID.match(msg_id)
        or not isinstance(text, str)
    ):
        raise ValidationError(
            _("Dữ liệu gửi lên không hợp lệ."),
            code="bad_message",
            details={"fields": ["sender.id", "message.msg_id", "message.text"]},
        )
    return _answer("zalo_oa", msg_id, user_id, text)


def _check_size(raw_body: bytes) -> None:
    if len(raw_body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(_("Dữ liệu gửi lên quá lớn."), details={"max_bytes": MAX_BODY_BYTES})


def _json(raw_body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise ValidationError(_("Dữ liệu gửi lên không hợp lệ."), code="bad_message")
    return data


def sender_key(channel: str, sender: str) -> str:
    """A keyed hash of a sender: counts their messages without keeping the number or the id."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{channel}:{sender}".encode(), hashlib.sha256).hexdigest()


def find_code(text: str) -> str:
    """Return the first dossier code written in ``text`` ("" when there is none)."""
    folded = re.sub(r"\s*-\s*", "-", text[:MAX_TEXT].replace("\x00", " ").upper())
    found = code_format.IN_TEXT.search(folded)
    return found.group(1) if found and len(found.group(1)) <= 60 else ""


def _answer(channel: str, provider_id: str, address: str, text: str) -> str:
    """Rate-limit, record and queue the answer to one message; return its outcome."""
    per_sender, sender_window, overall, overall_window = conf.track_limits()
    now = clock.now()
    key = sender_key(channel, address)
    with transaction.atomic():
        if InboundMessage.objects.filter(channel=channel, provider_id=provider_id).exists():
            return "duplicate"
        if InboundMessage.objects.filter(received_at__gt=now - timedelta(seconds=overall_window)).count() >= overall:
            raise TooManyRequests(
                _("Hệ thống đang nhận quá nhiều tin nhắn tra cứu; vui lòng gửi lại sau."),
                details={"retry_after": overall_window},
            )
        earlier = InboundMessage.objects.filter(
            channel=channel, sender=key, received_at__gt=now - timedelta(seconds=sender_window)
        ).count()
        code = find_code(text)
        outcome, reply = _reply(channel, code, earlier, per_sender)
        try:
            with transaction.atomic():
                row = InboundMessage.objects.create(
                    channel=channel, provider_id=provider_id, sender=key, code=code, outcome=outcome, received_at=now
                )
        except IntegrityError:  # the same message, delivered twice at once
            return "duplicate"
        if reply:
            outbox.enqueue(
                topic="tracking.reply",
                key=f"tracking-reply:{row.pk}",
                payload={"channel": channel, "recipient": address, "body": reply, "inbound_id": row.pk},
            )
    return str(outcome)


def _reply(channel: str, code: str, earlier: int, per_sender: int) -> tuple[str, str]:
    """Return (outcome, answer text): in Vietnamese, SMS without diacritics and within its segments."""
    with translation.override("vi"):
        if earlier > per_sender:
            return Outcome.SILENCED, ""
        if earlier == per_sender:
            outcome, text = Outcome.LIMITED, _("Bạn đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau.")
        elif not code:
            outcome = Outcome.HELP
            text = _("Để tra cứu hồ sơ, vui lòng nhắn mã hồ sơ, ví dụ: %(example)s") % {"example": code_format.EXAMPLE}
        elif (status := public_status(code)) is None:
            outcome = Outcome.NOT_FOUND
            text = _("Không tìm thấy hồ sơ %(code)s. Vui lòng kiểm tra lại mã hồ sơ trên giấy tiếp nhận.") % {
                "code": code
            }
        else:
            return Outcome.ANSWERED, _fit(channel, status)
    return outcome, strip_diacritics(text) if channel == "sms" else text


def _fit(channel: str, status: dict[str, Any]) -> str:
    """The status answer; an SMS too long for MOTCUA_SMS_MAX_SEGMENTS shortens the procedure name."""
    full = str(status["procedure"]["name"])
    keep = len(full)
    while True:
        name = full if keep == len(full) else full[:keep].rstrip(" ,.") + "..."
        text = _status_text(status, name)
        if channel != "sms":
            return text
        text = strip_diacritics(text)
        if sms_segments(text) <= conf.sms_max_segments() or keep <= 20:
            return text
        keep = max(20, keep - 20)


def _status_text(status: dict[str, Any], procedure: str) -> str:
    dates = [_("nộp %(at)s") % {"at": local(status["submitted_at"])}]
    if status["due_at"] and not status["returned_at"]:
        dates.append(_("hẹn trả %(at)s") % {"at": local(status["due_at"])})
    if status["finished_at"]:
        dates.append(_("có kết quả %(at)s") % {"at": local(status["finished_at"])})
    if status["returned_at"]:
        dates.append(_("đã trả %(at)s") % {"at": local(status["returned_at"])})
    return _("Hồ sơ %(code)s (%(procedure)s): %(status)s; %(dates)s. Cơ quan xử lý: %(agency)s.") % {
        "code": status["code"],
        "procedure": procedure,
        "status": status["status_label"],
        "dates": ", ".join(dates),
        "agency": status["handling_agency"]["name"],
    }
