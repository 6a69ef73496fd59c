"""Deliver one "notify" event: plan one Notification per channel, then send each at most once.

Planning runs in one transaction keyed by the outbox key: a retry finds the same rows. Each
send is recorded around the provider call in its own commits (``sending`` before, the provider
id and then ``sent`` after), so a worker that dies mid-call leaves a ``sending`` row behind:
channels whose provider deduplicates by our reference (SMS, in-app) repeat the call safely;
the others (e-mail, Zalo) mark it ``unknown`` instead of risking a second message.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.template import TemplateSyntaxError

from motcua.core import clock, outbox
from motcua.dossiers.models import Dossier
from motcua.dossiers.notifications import dossier_context
from motcua.notifications import conf, seed
from motcua.notifications.channels import backend
from motcua.notifications.channels.base import PermanentDeliveryError
from motcua.notifications.events import CHANNEL_ORDER, Event
from motcua.notifications.models import ChannelPreference, MessageTemplate, Notification
from motcua.notifications.notice_text import render, sms_segments, sms_text
from motcua.notifications.phones import to_international

log = logging.getLogger(__name__)
S = Notification.Status
OPEN = {S.PENDING, S.SENDING}


class DeliveryIncomplete(Exception):
    """Some channel failed temporarily; the outbox retries the event (only those channels)."""


def notify(payload: dict[str, Any], *, key: str) -> list[Notification]:
    """Deliver the notice ``payload`` (the "notify" contract) under the idempotency ``key``.

    Raise ``DeliveryIncomplete`` when a channel should be retried; on the outbox's last attempt
    such channels are marked failed first.
    """
    event = payload.get("event")
    if event not in Event.values:
        raise outbox.PermanentError(f"unknown notify event {event!r}")
    notifications = plan(payload, key=key)
    retry = [n for n in notifications if n.status in OPEN and not deliver(n)]
    if retry:
        delivery = outbox.current()
        if delivery is not None and delivery.last:
            Notification.objects.filter(pk__in=[n.pk for n in retry], status=S.PENDING).update(status=S.FAILED)
        raise DeliveryIncomplete(", ".join(f"{n.channel}: {n.last_error}" for n in retry))
    return notifications


def plan(payload: dict[str, Any], *, key: str) -> list[Notification]:
    """Create (once) the Notification rows of this event, rendered, one per configured channel."""
    keys = {channel: f"{key}:{channel}" for channel in CHANNEL_ORDER}
    with transaction.atomic():
        existing = list(Notification.objects.filter(key__in=keys.values()).order_by("id"))
        if existing:
            return existing
        event = payload["event"]
        context = {str(k): "" if v is None else str(v) for k, v in (payload.get("context") or {}).items()}
        user = _user(payload.get("user_id"))
        prefs = _preferences(user)
        dossier_id = payload.get("dossier_id")
        dossier = (
            Dossier.objects.select_related("procedure_version", "handling_agency").filter(pk=dossier_id).first()
            if dossier_id is not None
            else None
        )
        dossier_id = dossier.pk if dossier else None
        context = enrich(context, dossier)
        templates = templates_for(event)
        now = clock.now()
        rows = []
        for channel in CHANNEL_ORDER:
            tpl = templates.get(channel)
            if tpl is None or not conf.channel_enabled(channel):
                continue
            n = Notification(
                key=keys[channel], dossier_id=dossier_id, event=event, channel=channel, user=user, created_at=now
            )
            n.recipient, skip = _address(channel, payload, user)
            if not n.recipient:
                continue  # no account / no address for this channel: nothing to record
            if not skip and not prefs.get(channel, True):
                skip = "opted out"
            if not skip:
                try:
                    _fill(n, tpl, context)
                except TemplateSyntaxError as exc:
                    n.status, n.last_error = S.FAILED, f"template error: {exc}"
            if skip:
                n.status, n.last_error = S.SKIPPED, skip
            n.save()
            rows.append(n)
    return rows


def reply(payload: dict[str, Any], *, key: str) -> Notification:
    """Send the answer to a tracking message (``{"channel", "recipient", "body"}``) once, on its channel.

    The answer is written by ``tracking`` already; it is kept as a Notification (event
    "tracking_reply", no dossier, no account) so its delivery is recorded like every notice.
    """
    channel = payload.get("channel")
    if channel not in {"sms", "zalo_oa"} or not payload.get("recipient") or not payload.get("body"):
        raise outbox.PermanentError(f"bad tracking reply {channel!r}")
    with transaction.atomic():
        n = Notification.objects.filter(key=f"{key}:{channel}").first()
        if n is None:
            body = str(payload["body"])
            n = Notification(
                key=f"{key}:{channel}",
                event=Event.TRACKING_REPLY,
                channel=channel,
                recipient=str(payload["recipient"]),
                body=body,
                created_at=clock.now(),
                data={"segments": sms_segments(body)} if channel == "sms" else {},
            )
            enabled = conf.sms_enabled() if channel == "sms" else conf.zalo_oa_enabled()
            if not enabled:
                n.status, n.last_error = S.SKIPPED, "channel not configured"
            n.save()
    if n.status in OPEN and not deliver(n):
        delivery = outbox.current()
        if delivery is not None and delivery.last:
            Notification.objects.filter(pk=n.pk, status=S.PENDING).update(status=S.FAILED)
        raise DeliveryIncomplete(f"{n.channel}: {n.last_error}")
    return n


def enrich(context: dict[str, str], dossier: Dossier | None) -> dict[str, str]:
    """Fill what the sender left out: the dossier's facts, and amounts written the Vietnamese way."""
    full = {**dossier_context(dossier), **context} if dossier is not None else dict(context)
    amount = full.get("amount", "")
    if amount.isdigit() and "amount_vnd" not in full:
        full["amount_vnd"] = f"{int(amount):,}".replace(",", ".") + " đồng"
    return full


def templates_for(event: str) -> dict[str, MessageTemplate]:
    """Return the active templates of ``event`` by channel; a channel without a row uses the default.

    Administrators switch a channel off for an event by unticking "active", not by deleting.
    """
    rows = {t.channel: t for t in MessageTemplate.objects.filter(event=event)}
    for default in seed.templates():
        if default["event"] == event and default["channel"] not in rows:
            rows[default["channel"]] = MessageTemplate(**default)
    return {channel: t for channel, t in rows.items() if t.active}


def deliver(n: Notification) -> bool:
    """Send ``n`` at most once; return False when it failed temporarily (retry later)."""
    channel = backend(n.channel)
    now = clock.now()
    if n.status == S.SENDING and not channel.idempotent:
        # A worker stopped during the provider call: it may have gone out. Never send twice.
        Notification.objects.filter(pk=n.pk, status=S.SENDING).update(
            status=S.UNKNOWN, last_error="interrupted during sending; not repeated to avoid a duplicate"
        )
        n.refresh_from_db()
        return True
    claimed = Notification.objects.filter(pk=n.pk, status=n.status).update(
        status=S.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    n.refresh_from_db()
    if not claimed:
        return True
    try:
        provider_id = channel.send(n)
    except PermanentDeliveryError as exc:
        _finish(n, status=S.FAILED, last_error=str(exc)[:2000])
        return True
    except Exception as exc:  # noqa: BLE001 - any other failure is temporary and retried
        log.warning("notification %s (%s) failed: %s", n.pk, n.channel, exc)
        _finish(n, status=S.PENDING, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        return False
    # The provider id first: should we die now, a retry finds it and the DLR can still match.
    Notification.objects.filter(pk=n.pk).update(provider_message_id=provider_id[:100])
    Notification.objects.filter(pk=n.pk).update(sent_at=clock.now(), last_error="")
    Notification.objects.filter(pk=n.pk, status=S.SENDING).update(status=S.SENT)
    n.refresh_from_db()
    return True


def _finish(n: Notification, *, status: str, last_error: str) -> None:
    Notification.objects.filter(pk=n.pk, status=S.SENDING).update(status=status, last_error=last_error)
    n.refresh_from_db()


def _user(user_id: Any) -> Any:
    if not user_id:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def _preferences(user: Any) -> dict[str, bool]:
    if user is None:
        return {}
    pref = ChannelPreference.objects.filter(user=user).first()
    if pref is None:
        return {}
    return {"email": pref.email, "sms": pref.sms, "zalo": pref.zalo, "in_app": pref.in_app}


def _address(channel: str, payload: dict[str, Any], user: Any) -> tuple[str, str]:
    """Return (recipient, reason to skip). The payload's address (given for this dossier) wins."""
    if channel == "in_app":
        return (f"user:{user.pk}", "") if user is not None else ("", "no account")
    if channel == "email":
        email = (payload.get("email") or (user.email if user is not None else "") or "").strip()
        return (email, "") if email else ("", "no e-mail address")
    raw = (payload.get("phone") or (user.phone if user is not None else "") or "").strip()
    phone = to_international(raw)
    if not phone:
        return raw, "not a Vietnamese mobile number"
    return phone, ""


def _fill(n: Notification, tpl: MessageTemplate, context: dict[str, str]) -> None:
    if n.channel in {"email", "in_app"}:
        n.subject = " ".join(render(tpl.subject, context).split())[:300]
        n.body = render(tpl.body, context).strip()
        if n.channel == "in_app" and context.get("url"):
            n.data = {"url": context["url"]}
    elif n.channel == "sms":
        n.body = sms_text(tpl.body, context, ascii_only=tpl.sms_ascii)
        n.data = {"segments": sms_segments(n.body)}
    elif n.channel == "zalo":
        params = {name: " ".join(render(source, context).split()) for name, source in tpl.zalo_params.items()}
        n.data = {"template_id": tpl.zalo_template_id, "template_data": params}
