"""GeoReport v2 objects built from PAKN categories and items (field names as in the specification).

Privacy (Decree 13/2023/NĐ-CP): a request's description, location and media are shown only once
its answer is published; the sender's name and contact data are never shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.core import clock
from motcua.feedback.models import Category, Feedback

CLOSED = {Feedback.Status.REJECTED, Feedback.Status.ANSWERED, Feedback.Status.PUBLISHED}


def w3c(dt: datetime | None) -> str | None:
    """Return ``dt`` as W3C date-time in UTC, e.g. 2026-11-23T02:00:00Z (as the REST API writes times)."""
    return None if dt is None else clock.utc_iso(dt.replace(microsecond=0))


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for i, spec in enumerate(category.attributes or [], start=1):
        attributes.append(
            {
                "variable": bool(spec.get("variable", True)),
                "code": spec["code"],
                "datatype": spec.get("datatype", "string"),
                "required": bool(spec.get("required", False)),
                "datatype_description": spec.get("datatype_description", ""),
                "order": int(spec.get("order", i)),
                "description": spec.get("description", ""),
                "values": [{"key": str(v["key"]), "name": v["name"]} for v in spec.get("values", [])],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def status_notes(item: Feedback) -> str:
    if item.status == Feedback.Status.PUBLISHED:
        return item.answer
    return str(item.get_status_display())


def request(item: Feedback) -> dict[str, Any]:
    public = item.status == Feedback.Status.PUBLISHED
    return {
        "service_request_id": str(item.pk),
        "status": "closed" if item.status in CLOSED else "open",
        "status_notes": status_notes(item),
        "service_name": item.category.name,
        "service_code": item.category.code,
        "description": (item.public_text or item.text) if public else "",
        "agency_responsible": item.agency.name if item.agency else "",
        "service_notice": item.category.notice,
        "requested_datetime": w3c(item.received_at),
        "updated_datetime": w3c(item.updated_at),
        "expected_datetime": w3c(item.resolve_due_at),
        "address": item.address if public else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(item.latitude) if public and item.latitude is not None else None,
        "long": float(item.longitude) if public and item.longitude is not None else None,
        "media_url": item.media_url if public else "",
    }
