"""Reads of postal orders: the back office panel of a dossier."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.organisation.models import AdminUnit
from motcua.organisation.permissions import roles_at
from motcua.postal.models import PostalOrder
from motcua.postal.services import RETRYABLE


def panel(user: Any, dossier: Dossier) -> dict[str, Any]:
    """The dossier's postal orders with their status history, and what this official may do."""
    orders = list(
        PostalOrder.objects.filter(dossier=dossier).select_related("province", "commune").prefetch_related("events")
    )
    desk = "reception" in roles_at(user, dossier.receiving_agency_id)
    return {
        "orders": [
            {"o": o, "events": list(o.events.all()), "retry": desk and (o.status in RETRYABLE or o.status == "waiting")}
            for o in orders
        ],
        "may_create": desk and dossier.status in ("result_ready", "refused", "approved", "processing", "received"),
        "provinces": list(AdminUnit.objects.filter(kind=AdminUnit.Kind.PROVINCE).order_by("name")) if desk else [],
    }
