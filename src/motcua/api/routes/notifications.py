"""REST endpoints of the notifications app (mounted under /api/v1/ in motcua.api.root)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from motcua.api.schemas import ErrorOut, In
from motcua.core.errors import PayloadTooLarge
from motcua.notifications import selectors, services, tracking
from motcua.notifications.models import Notice, Notification

router = Router(tags=["notifications"])


class NoticeOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    dossier_code: str | None
    created_at: datetime
    read_at: datetime | None


class NoticeListOut(Schema):
    unread: int
    items: list[NoticeOut]


class PreferencesOut(Schema):
    email: bool
    sms: bool
    zalo: bool
    in_app: bool


class PreferencesIn(In):
    email: bool | None = None
    sms: bool | None = None
    zalo: bool | None = None
    in_app: bool | None = None


class DossierNotificationOut(Schema):
    event: str
    event_label: str
    channel: str
    recipient: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None


class DlrOut(Schema):
    status: str


class InboundOut(Schema):
    status: str = Field(description="answered, not_found, help, limited, silenced, duplicate or ignored")


def notice_out(n: Notice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "event": n.event,
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "dossier_code": n.dossier.code if n.dossier_id and n.dossier else None,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


def notification_out(n: Notification) -> dict[str, Any]:
    return {
        "event": n.event,
        "event_label": str(n.get_event_display()),
        "channel": n.channel,
        "recipient": selectors.mask(n.channel, n.recipient),
        "status": n.status,
        "attempts": n.attempts,
        "last_error": n.last_error,
        "created_at": n.created_at,
        "sent_at": n.sent_at,
        "delivered_at": n.delivered_at,
    }


@router.get("/notices", response={200: NoticeListOut, 401: ErrorOut}, summary="My in-app notices, newest first")
def notices(request: HttpRequest, unread: bool = False, limit: int = 50) -> Any:
    qs = selectors.notices_for(request.user)
    items = (qs.filter(read_at__isnull=True) if unread else qs)[: max(1, min(limit, 200))]
    return {"unread": qs.filter(read_at__isnull=True).count(), "items": [notice_out(n) for n in items]}


@router.post(
    "/notices/{notice_id}/read",
    response={200: NoticeOut, 401: ErrorOut, 404: ErrorOut},
    summary="Mark one of my notices read",
)
def notice_read(request: HttpRequest, notice_id: int) -> Any:
    return notice_out(services.notice_mark_read(user=request.user, notice_id=notice_id))


@router.get(
    "/notification-preferences",
    response={200: PreferencesOut, 401: ErrorOut},
    summary="The channels I receive notices on",
)
def preferences(request: HttpRequest) -> Any:
    return services.preferences_of(request.user)


@router.put(
    "/notification-preferences",
    response={200: PreferencesOut, 401: ErrorOut, 422: ErrorOut},
    summary="Choose the channels I receive notices on",
)
def preferences_update(request: HttpRequest, data: PreferencesIn) -> Any:
    choices = {k: v for k, v in data.dict().items() if v is not None}
    return services.preferences_set(user=request.user, choices=choices)


@router.get(
    "/dossiers/{code}/notices",
    response={200: list[DossierNotificationOut], 401: ErrorOut, 404: ErrorOut},
    summary="Notices sent about a dossier (officials who see it, and its applicant)",
)
def dossier_notices(request: HttpRequest, code: str) -> Any:
    _dossier, rows = selectors.visible_dossier_notifications(request.user, code)
    return [notification_out(n) for n in rows]


@router.post(
    "/notifications/sms/dlr",
    auth=None,
    response={200: DlrOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Delivery receipt from the SMS gateway (X-Signature: HMAC-SHA256 of the body)",
)
def sms_dlr(request: HttpRequest) -> Any:
    n = services.record_sms_receipt(raw_body=request.body, signature=request.headers.get("X-Signature", ""))
    return {"status": n.status}


def _body(request: HttpRequest) -> bytes:
    """The raw body of a webhook, refused before it is read when it announces more than a message needs."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > tracking.MAX_BODY_BYTES:
        raise PayloadTooLarge(_("Dữ liệu gửi lên quá lớn."), details={"max_bytes": tracking.MAX_BODY_BYTES})
    return request.body


@router.post(
    "/notifications/sms/mo",
    auth=None,
    response={200: InboundOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="An SMS sent to the brandname's number (MO), from the SMS gateway; answers with the "
    "dossier status by SMS (X-Signature: HMAC-SHA256 of the body)",
)
def sms_mo(request: HttpRequest) -> Any:
    return {"status": tracking.sms_incoming(raw_body=_body(request), signature=request.headers.get("X-Signature", ""))}


@router.post(
    "/notifications/zalo/webhook",
    auth=None,
    response={200: InboundOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="An event of the Zalo Official Account webhook; user_send_text is answered with the "
    "dossier status (X-ZEvent-Signature: mac=SHA-256 of app id, body, timestamp, OA secret key)",
)
def zalo_webhook(request: HttpRequest) -> Any:
    signature = request.headers.get("X-ZEvent-Signature", "")
    return {"status": tracking.zalo_incoming(raw_body=_body(request), signature=signature)}
