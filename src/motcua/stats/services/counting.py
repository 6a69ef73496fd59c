"""Count each dossier event into DailyCount, in the transaction of the transition."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.stats.models import DailyCount

FINISHING = {"issue_result", "refuse", "refuse_step"}
CLOSING = {"withdraw", "stop"}


def metric_for(action: str, *, channel: int, timeliness: str, received: bool) -> str | None:
    """Return the DailyCount column an event adds one to, or None."""
    if action == "receive":
        return "received_online" if channel == 2 else "received_offline"
    if action in FINISHING:
        return f"finished_{timeliness}" if timeliness else None
    if action in CLOSING and received:
        return "closed_other"
    return None


def count_event(dossier: Dossier, action: str, at: datetime) -> None:
    """Add the event to the day's counters. Only inside the transaction that records the event."""
    metric = metric_for(action, channel=dossier.channel, timeliness=dossier.timeliness,
                        received=dossier.received_at is not None)
    if metric is None or dossier.field_id is None:
        return
    bump(dossier.receiving_agency_id, dossier.field_id, at.astimezone(VN_TZ).date(), metric)


def bump(agency_id: int, field_id: int, day: date, metric: str, n: int = 1) -> None:
    keys = {"agency_id": agency_id, "field_id": field_id, "day": day}
    if DailyCount.objects.filter(**keys).update(**{metric: F(metric) + n}):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(**keys, **{metric: n})
    except IntegrityError:  # created by a concurrent transition meanwhile
        DailyCount.objects.filter(**keys).update(**{metric: F(metric) + n})
