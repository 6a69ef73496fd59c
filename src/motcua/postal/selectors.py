"""Reads of postal orders: the back office panel of a dossier."""

from __future__ import annotations

from typing import Any

from motcua.core.money import vnd
from motcua.dossiers.models import Dossier
from motcua.organisation.models import AdminUnit
from motcua.organisation.permissions import roles_at
from motcua.postal import conf
from motcua.postal.models import PostalOrder
from motcua.postal.services import RETRYABLE, fee_between, home_province


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


def address_form(agency: Any, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """What the address fields of a postal order show (``postal/_address_fields.html``): the values and
    errors, the provinces, the communes of the chosen province, and the fee table from ``agency``."""
    provinces = list(AdminUnit.objects.filter(kind=AdminUnit.Kind.PROVINCE).order_by("name"))
    chosen = values.get("post_province", "")
    communes = (
        list(AdminUnit.objects.filter(kind=AdminUnit.Kind.COMMUNE, parent__code=chosen).order_by("name"))
        if chosen
        else []
    )
    home = home_province(agency) if agency is not None else None
    province = next((p for p in provinces if p.code == chosen), None)
    return {
        "values": values,
        "errors": errors,
        "provinces": provinces,
        "communes": communes,
        "home": home,
        "fee_same": vnd(conf.fee_same_province()),
        "fee_other": vnd(conf.fee_other_province()),
        "fee": vnd(fee_between(agency, province)) if agency is not None and province is not None else None,
    }
