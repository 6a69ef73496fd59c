"""Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2), JSON and XML.

Services are the PAKN categories; service requests are PAKN items, created through the PAKN
service. POST needs an unrevoked API key; the API is key-authenticated, hence CSRF-exempt.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import DomainError
from motcua.feedback.models import Category, Feedback
from motcua.feedback.services import pakn
from motcua.open311 import present
from motcua.open311.georeport_output import FORMATS, errors, respond
from motcua.open311.services import key_check

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-01T00:00:00+07:00"
DEFAULT_DAYS = 90  # spec: without dates, the most recent 90 days
MAX_RESULTS = 1000  # spec: at most 1000 requests per answer


def _guard(request: HttpRequest, fmt: str, methods: tuple[str, ...] = ("GET",)) -> HttpResponse | None:
    if fmt not in FORMATS:
        return errors("json", 404, f"format '{fmt}' not supported; use json or xml")
    if request.method not in methods:
        response = errors(fmt, 405, f"method {request.method} not allowed")
        response["Allow"] = ", ".join(methods)
        return response
    return None


@csrf_exempt
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt)) is not None:
        return bad
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    data = {
        "changeset": CHANGESET,
        "contact": "",
        "key_service": "",
        "endpoints": [
            {
                "specification": SPEC,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, data, root="discovery", item="")


@csrf_exempt
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt)) is not None:
        return bad
    data = [present.service(c) for c in Category.objects.filter(active=True)]
    return respond(fmt, data, root="services", item="service")


@csrf_exempt
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt)) is not None:
        return bad
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        return errors(fmt, 404, f"service_code {code} not found")
    return respond(fmt, present.service_definition(category), root="service_definition", item="")


@csrf_exempt
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt, ("GET", "POST"))) is not None:
        return bad
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@csrf_exempt
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt)) is not None:
        return bad
    item = _items().filter(pk=int(request_id)).first() if request_id.isdigit() else None
    if item is None:
        return errors(fmt, 404, f"service_request_id {request_id} not found")
    return respond(fmt, [present.request(item)], root="service_requests", item="request")


@csrf_exempt
def token(request: HttpRequest, token_id: str, fmt: str) -> HttpResponse:
    if (bad := _guard(request, fmt)) is not None:
        return bad
    try:
        item = Feedback.objects.filter(token=uuid.UUID(token_id)).first()
    except ValueError:  # a malformed token is "not found"
        item = None
    if item is None:
        return errors(fmt, 404, f"token {token_id} not found")
    return respond(
        fmt, [{"service_request_id": str(item.pk), "token": str(item.token)}], root="service_requests", item="request"
    )


def _items() -> Any:
    return Feedback.objects.select_related("category", "agency")


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    q = request.GET
    items = _items()
    ids = [s.strip() for s in q.get("service_request_id", "").split(",") if s.strip()]
    if ids:
        # Spec: with service_request_id, every other parameter is ignored.
        if not all(i.isdigit() for i in ids):
            return errors(fmt, 400, "service_request_id must be a comma-separated list of numbers")
        found = [present.request(i) for i in items.filter(pk__in=[int(i) for i in ids]).order_by("id")]
        return respond(fmt, found, root="service_requests", item="request")
    codes = [s.strip() for s in q.get("service_code", "").split(",") if s.strip()]
    if codes:
        items = items.filter(category__code__in=codes)
    statuses = {s.strip() for s in q.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return errors(fmt, 400, "status must be open, closed or both (comma-separated)")
    if statuses == {"open"}:
        items = items.exclude(status__in=present.CLOSED)
    elif statuses == {"closed"}:
        items = items.filter(status__in=present.CLOSED)
    try:
        start = _date(q.get("start_date", ""))
        end = _date(q.get("end_date", ""))
    except ValueError:
        return errors(fmt, 400, "start_date and end_date must be W3C date-times with a time zone")
    if start is None and end is None:
        start = clock.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        items = items.filter(received_at__gte=start)
    if end is not None:
        items = items.filter(received_at__lte=end)
    data = [present.request(i) for i in items.order_by("-received_at", "-id")[:MAX_RESULTS]]
    return respond(fmt, data, root="service_requests", item="request")


def _date(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("time zone required")
    return value


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    p = request.POST
    key = key_check(p.get("api_key", ""))
    if key is None:
        return errors(fmt, 403, "api_key is missing, unknown or revoked")
    code = p.get("service_code", "").strip()
    category = Category.objects.filter(code=code, active=True).first() if code else None
    if category is None:
        return errors(fmt, 400, "service_code is missing or unknown" if code else "service_code is required")
    lat, lon, address = p.get("lat", "").strip(), p.get("long", "").strip(), p.get("address_string", "").strip()
    address_id = p.get("address_id", "").strip()
    if not ((lat and lon) or address or address_id):
        return errors(fmt, 400, "a location is required: lat and long, or address_string, or address_id")
    description = p.get("description", "").strip()
    if not description:
        return errors(fmt, 400, "description is required")
    email, phone = p.get("email", "").strip(), p.get("phone", "").strip()
    if not (email or phone):
        return errors(fmt, 400, "email or phone is required so that the agency can answer")
    name = f"{p.get('first_name', '').strip()} {p.get('last_name', '').strip()}".strip() or email or phone
    attributes = _attributes(p)
    first_line = description.splitlines()[0]
    title = first_line if len(first_line) <= 120 else first_line[:117] + "…"
    data = pakn.FeedbackInput(
        category=category.code,
        subject="service",
        service_name=category.name,
        title=title,
        text=description,
        procedure_code=str(attributes.get("procedure_code", "")) if category.attributes else "",
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
        latitude=lat or None,
        longitude=lon or None,
        address=address or address_id,
        media_url=p.get("media_url", "").strip(),
        attributes=attributes,
        channel_detail=key.name,
    )
    try:
        item = pakn.submit_feedback(actor=Actor(user=None, channel="open311"), data=data)
    except DomainError as exc:
        field = exc.details.get("field") or exc.details.get("attribute") if isinstance(exc.details, dict) else ""
        return errors(fmt, 400, f"{field}: {exc.message}" if field else str(exc.message))
    return respond(
        fmt,
        [
            {
                "service_request_id": str(item.pk),
                "token": str(item.token),
                "service_notice": category.notice,
                "account_id": "",
            }
        ],
        root="service_requests",
        item="request",
        status=201,
    )


def _attributes(post: Any) -> dict[str, Any]:
    """Read attribute[code]=value and attribute[code][]=value (multivaluelist) form fields."""
    out: dict[str, Any] = {}
    for name in post:
        if not (name.startswith("attribute[") and name.endswith("]")):
            continue
        if name.endswith("[]"):
            out[name[len("attribute[") : -3]] = [v for v in post.getlist(name) if v != ""]
        else:
            values = [v for v in post.getlist(name) if v != ""]
            out[name[len("attribute[") : -1]] = values if len(values) > 1 else (values[0] if values else "")
    return {k: v for k, v in out.items() if v not in ("", [])}  # an empty field is an absent one
