"""``{% dossier_notifications dossier as rows %}`` for the back office's dossier page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.notifications import selectors

register = template.Library()


@register.simple_tag
def dossier_notifications(dossier: Any) -> list[dict[str, Any]]:
    """Return the notifications sent to the dossier's applicant, recipients masked (the card "Thông báo
    đã gửi người nộp": officials' reminders about the dossier are not in it). The page has checked visibility."""
    rows = []
    for n in selectors.applicant_notifications(dossier):
        rows.append({"n": n, "recipient": selectors.mask(n.channel, n.recipient)})
    return rows


BADGES = {"sent": "ok", "delivered": "ok", "failed": "late", "unknown": "warn", "pending": "warn", "sending": "warn"}


@register.filter
def status_badge(status: str) -> str:
    return BADGES.get(status, "")
