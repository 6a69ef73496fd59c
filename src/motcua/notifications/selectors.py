"""Reads of notifications, always through the caller's visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.notifications.events import OFFICIAL_EVENTS
from motcua.notifications.models import Notice, Notification


def notices_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    """Return the caller's own in-app notices, newest first (nothing for anonymous callers)."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    qs = Notice.objects.filter(user=user).select_related("dossier")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def dossier_notifications(dossier: Dossier) -> QuerySet[Notification]:
    """Return every notification of ``dossier``. The caller has checked that the dossier is visible."""
    return Notification.objects.filter(dossier=dossier).order_by("created_at", "id")


def applicant_notifications(dossier: Dossier) -> QuerySet[Notification]:
    """Return the notifications of ``dossier`` sent to its applicant (not the officials' reminders).

    To the applicant: not an officials' event, and addressed to the applicant's account or to the
    addresses given in the dossier (no account). The caller has checked that the dossier is visible.
    """
    return (
        dossier_notifications(dossier)
        .exclude(event__in=OFFICIAL_EVENTS)
        .filter(Q(user__isnull=True) | Q(user_id=dossier.applicant_id))
    )


def visible_dossier_notifications(user: Any, code: str) -> tuple[Dossier, QuerySet[Notification]]:
    """Return the dossier ``code`` and its notifications if ``user`` may see the dossier, else 404.

    Officials who can see the dossier get every notification; its applicant (their own dossier)
    only those sent to the applicant. Others get 404.
    """
    dossier = dossier_selectors.get_visible(user, code)
    if getattr(user, "is_official", False):
        return dossier, dossier_notifications(dossier)
    return dossier, applicant_notifications(dossier)


def mask(channel: str, recipient: str) -> str:
    """Hide most of an address: h***@example.vn, 8491****678, tài khoản #12."""
    if not recipient:
        return ""
    if channel == "email":
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    if channel in {"sms", "zalo"}:
        return recipient[:4] + "*" * max(len(recipient) - 7, 0) + recipient[-3:] if len(recipient) > 7 else "***"
    if channel == "in_app":
        return f"#{recipient.partition(':')[2]}"
    return "***"
