"""In-app notices: a Notice row for the user, created once per notification."""

from __future__ import annotations

from motcua.core import clock
from motcua.notifications.channels.base import PermanentDeliveryError
from motcua.notifications.models import Notice, Notification


class InAppBackend:
    idempotent = True  # one Notice per Notification (unique), so repeating is harmless

    def send(self, notification: Notification) -> str:
        if notification.user_id is None:
            raise PermanentDeliveryError("no account to show the notice to")
        notice, _ = Notice.objects.get_or_create(
            notification=notification,
            defaults={
                "user_id": notification.user_id,
                "dossier_id": notification.dossier_id,
                "event": notification.event,
                "title": notification.subject,
                "body": notification.body,
                "url": notification.data.get("url", ""),
                "created_at": clock.now(),
            },
        )
        return f"notice-{notice.pk}"
