"""Writes of the notifications app: channel choices, reading notices, delivery receipts."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.audit import audit
from motcua.core.errors import NotAuthenticated, PermissionDenied, ValidationError, not_found
from motcua.notifications import conf
from motcua.notifications.models import ChannelPreference, Notice, Notification

CHANNEL_FIELDS = ("email", "sms", "zalo", "in_app")


def _require_user(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Vui lòng đăng nhập."))


def preferences_of(user: Any) -> dict[str, bool]:
    """Return the user's channel choices (every channel on when never chosen)."""
    _require_user(user)
    pref = ChannelPreference.objects.filter(user=user).first()
    return {f: getattr(pref, f) if pref else True for f in CHANNEL_FIELDS}


def preferences_set(*, user: Any, choices: dict[str, bool]) -> dict[str, bool]:
    """Set the caller's own channel choices; unknown channels are refused."""
    _require_user(user)
    unknown = sorted(set(choices) - set(CHANNEL_FIELDS))
    if unknown:
        raise ValidationError(_("Kênh không hợp lệ."), code="invalid_channel", details={"channels": unknown})
    with transaction.atomic():
        pref, _created = ChannelPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"updated_at": clock.now()}
        )
        before = {f: getattr(pref, f) for f in CHANNEL_FIELDS}
        for field, value in choices.items():
            setattr(pref, field, bool(value))
        pref.updated_at = clock.now()
        pref.save()
        after = {f: getattr(pref, f) for f in CHANNEL_FIELDS}
        changes = {f: [before[f], after[f]] for f in CHANNEL_FIELDS if before[f] != after[f]}
        if changes:
            audit(actor=user, action="notification_preferences_set", obj=pref, changes=changes)
    return after


def notice_mark_read(*, user: Any, notice_id: int) -> Notice:
    """Mark one of the caller's own notices read (idempotent); another's notice is "not found"."""
    _require_user(user)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id, user=user).first()
        if notice is None:
            raise not_found("notice")
        if notice.read_at is None:
            notice.read_at = clock.now()
            notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user: Any) -> int:
    _require_user(user)
    with transaction.atomic():
        return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())


DLR_STATUSES = {
    "delivered": Notification.Status.DELIVERED,
    "failed": Notification.Status.FAILED,
    "expired": Notification.Status.FAILED,
    "rejected": Notification.Status.FAILED,
}


def record_sms_receipt(*, raw_body: bytes, signature: str) -> Notification:
    """Apply a delivery receipt posted by the SMS gateway (signed with the shared secret)."""
    secret = conf.sms_secret()
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    if not conf.sms_enabled() or not secret or not hmac.compare_digest(expected, (signature or "").strip().lower()):
        raise PermissionDenied(_("Chữ ký không hợp lệ."), code="bad_signature")
    try:
        data = json.loads(raw_body.decode("utf-8"))
        sms_id, request_id, status = str(data["SMSID"]), str(data.get("RequestId", "")), str(data["Status"]).lower()
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ValidationError(_("Dữ liệu gửi lên không hợp lệ."), code="bad_receipt") from None
    if status not in DLR_STATUSES:
        raise ValidationError(_("Dữ liệu gửi lên không hợp lệ."), code="bad_receipt", details={"Status": status})
    with transaction.atomic():
        qs = Notification.objects.select_for_update().filter(channel="sms")
        n = None
        if request_id.startswith("motcua-n") and request_id[8:].isdigit():
            n = qs.filter(pk=int(request_id[8:])).first()  # the DLR may come before we stored the SMSID
        if n is None:
            n = qs.filter(provider_message_id=sms_id).first()
        if n is None:
            raise not_found("notification")
        done = parse_datetime(str(data.get("DoneAt") or "")) or clock.now()
        n.provider_message_id = n.provider_message_id or sms_id
        n.status = DLR_STATUSES[status]
        if n.status == Notification.Status.DELIVERED:
            n.delivered_at = done
            n.sent_at = n.sent_at or done
        else:
            n.last_error = f"DLR {status} {data.get('ErrorCode', '')}".strip()
        n.save(update_fields=["provider_message_id", "status", "delivered_at", "sent_at", "last_error"])
    return n
