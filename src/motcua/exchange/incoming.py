"""Incoming calls to MotCua's own services through the data-sharing gateway (dịch vụ cung cấp qua trục).

X-Road REST conventions as the model, as for the outgoing client (``gateway.py``): the caller sends
``GET|POST /lgsp/r1/ho-so/<code>/<service>`` with the headers of ``gateway.HEADERS`` (its client id,
the service id ``<our client id>/<service>``, a uuid message id, the user on whose behalf, the
purpose) and ``Authorization: Bearer <token of its grant>`` (``grants.ServiceGrant``).

The checks, in this order, each answered as JSON ``{code, message, details}``: the method (405),
the size (413), the token (401), the headers (400), the grant of the service (403), the rate
(429), the body (400: empty, or a JSON object with no field), the dossier within the grant's
agencies (404, the same answer as an unknown code, so a member not granted an agency learns
nothing of its dossiers), then a message id answered before (409 ``duplicate_message``).
Every call, refused or not, is one row of the signed message log (direction ``in``), written in
the transaction that decides the duplicate, so two calls with one id never both get an answer.

Decision on repeated message ids: X-Road message ids are unique per message, so the same id from
the same member after an answered call (outcome ``ok``) is refused with 409 and the time of the
first answer; the member retries a lost answer with a new id (the services only read, so a new
call is safe). A refused call (401/400/403/404/413/429) may be sent again with its id.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.statuses import NATIONAL_STATUS, Status
from motcua.exchange import conf, grants, log
from motcua.exchange.gateway import HEADERS
from motcua.exchange.models import MessageLog, ServiceGrant

MAX_BODY = 16 * 1024  # the services take no input beyond the path: a larger body is refused (413)
METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Call:
    """One incoming HTTP request, as the view read it (``service`` "" for a path we do not serve)."""

    method: str
    path: str
    service: str
    code: str
    headers: Mapping[str, str]
    body: bytes
    document_id: int | None = None
    too_large: bool = False


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        self.status, self.code, self.message, self.details = status, code, message, details or {}
        super().__init__(code)


def _json(status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), headers=headers or {})


def _error(exc: Refused) -> Reply:
    headers = {"Retry-After": "60"} if exc.status == 429 else {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="motcua-lgsp"'
    return _json(exc.status, {"code": exc.code, "message": exc.message, "details": exc.details}, headers)


def service_id(service: str) -> str:
    """The id a member names our service by: ``<our client id>/<service>`` (X-Road-Service)."""
    return f"{conf.client_id()}/{service}"


def answer(call: Call) -> Reply:
    """Check and answer one incoming call; log it (signed, direction ``in``), refused or not."""
    started, at = time.monotonic(), clock.now()
    head = {key: (call.headers.get(name) or "").strip() for key, name in HEADERS.items()}
    entry: dict[str, Any] = {
        "message_id": head["message_id"][:64],
        "direction": MessageLog.Direction.IN,
        "client": head["client"][:200],
        "service": call.path[:300],
        "user_id": head["user_id"][:200],
        "purpose": head["purpose"][:300],
        "request_hash": log.digest(f"{call.method} {call.path}\n".encode() + call.body),
    }
    grant: ServiceGrant | None = None
    try:
        grant = _check(call, head)
        reply, outcome = _serve(call, grant), "ok"
    except Refused as exc:
        reply, outcome = _error(exc), exc.code
    with transaction.atomic():
        # Lock the member's grant (calls of one member, the scope of a message id, queue here) and the
        # log's last row: the duplicate check and the row it writes are one step.
        if grant is not None:
            ServiceGrant.objects.select_for_update().filter(pk=grant.pk).first()
        MessageLog.objects.select_for_update().order_by("-id").first()
        if outcome == "ok":
            first = (
                MessageLog.objects.filter(
                    direction=MessageLog.Direction.IN,
                    client=entry["client"],
                    message_id=entry["message_id"],
                    outcome="ok",
                )
                .order_by("id")
                .first()
            )
            if first is not None:
                outcome = "duplicate_message"
                reply = _error(
                    Refused(
                        409,
                        outcome,
                        _("Thông điệp %(id)s đã được trả lời; mỗi lần gọi dùng một mã thông điệp mới.")
                        % {"id": entry["message_id"]},
                        {"first_answered_at": clock.utc_iso(first.at), "response_hash": first.response_hash},
                    )
                )
        log.record(
            at=at,
            outcome=outcome,
            status=reply.status,
            response_hash=log.digest(reply.body),
            duration_ms=int((time.monotonic() - started) * 1000),
            **entry,
        )
    if head["message_id"]:
        reply.headers[HEADERS["message_id"]] = head["message_id"][:64]
    return reply


def _check(call: Call, head: dict[str, str]) -> ServiceGrant:
    if call.method not in METHODS:
        raise Refused(405, "method_not_allowed", _("Chỉ nhận GET hoặc POST."), {"allowed": list(METHODS)})
    if call.too_large or len(call.body) > MAX_BODY:
        raise Refused(413, "too_large", _("Nội dung yêu cầu quá lớn."), {"max_bytes": MAX_BODY})
    scheme, _sep, token = (call.headers.get("Authorization") or "").partition(" ")
    grant = grants.grant_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if grant is None or (head["client"] and head["client"] != grant.client_id):
        raise Refused(401, "unauthorized", _("Thiếu khóa truy cập hoặc khóa không đúng của bên gọi."))
    for key in ("client", "service", "message_id", "user_id"):
        if not head[key]:
            raise Refused(
                400, "missing_header", _("Thiếu tiêu đề %(name)s.") % {"name": HEADERS[key]}, {"header": HEADERS[key]}
            )
    try:
        uuid.UUID(head["message_id"])
    except ValueError:
        raise Refused(
            400,
            "bad_header",
            _("%(name)s phải là một UUID.") % {"name": HEADERS["message_id"]},
            {"header": "message_id"},
        ) from None
    if not call.service:
        raise Refused(404, "unknown_service", _("Không có dịch vụ này."), {"known": sorted(grants.SERVICES)})
    if head["service"] != service_id(call.service):
        raise Refused(
            400,
            "bad_header",
            _("%(name)s phải là %(value)s.") % {"name": HEADERS["service"], "value": service_id(call.service)},
            {"header": HEADERS["service"]},
        )
    if not grant.active or call.service not in (grant.services or []):
        raise Refused(403, "not_granted", _("Bên gọi chưa được cấp quyền khai thác dịch vụ này."))
    since = clock.now() - timedelta(seconds=60)
    recent = MessageLog.objects.filter(direction=MessageLog.Direction.IN, client=grant.client_id, at__gte=since)
    if recent.count() >= grant.rate_per_minute:
        raise Refused(
            429, "too_many_requests", _("Quá số lần gọi cho phép mỗi phút."), {"per_minute": grant.rate_per_minute}
        )
    if call.body.strip():
        try:
            data = json.loads(call.body.decode("utf-8"))
        except ValueError:
            raise Refused(400, "bad_body", _("Nội dung yêu cầu không phải JSON.")) from None
        if not isinstance(data, dict) or data:
            raise Refused(
                400, "bad_body", _("Dịch vụ không nhận tham số trong nội dung; mã hồ sơ nằm trong đường dẫn.")
            )
    return grant


def _dossier(grant: ServiceGrant, code: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "receiving_agency", "handling_agency")
        .filter(code=code)
        .first()
    )
    scope = set(grant.agencies.values_list("pk", flat=True))
    if dossier is None or (scope and not {dossier.receiving_agency_id, dossier.handling_agency_id} & scope):
        raise Refused(404, "not_found", _("Không tìm thấy hồ sơ."), {"code": code})
    return dossier


def _time(moment: Any) -> str | None:
    return clock.utc_iso(moment) if moment is not None else None


def _agency(agency: Any) -> dict[str, str] | None:
    return {"code": agency.code, "name": agency.name} if agency is not None else None


def status_of(dossier: Dossier) -> dict[str, Any]:
    """What another agency may know of a dossier's progress: no applicant data (domain.md §3)."""
    status = Status(dossier.status)
    version = dossier.procedure_version
    return {
        "code": dossier.code,
        "procedure": {"code": version.procedure.code, "name": version.name},
        "status": {"code": status.value, "national_code": NATIONAL_STATUS[status], "label": str(status.label)},
        "submitted_at": _time(dossier.submitted_at),
        "received_at": _time(dossier.received_at),
        "due_at": _time(dossier.due_at),
        "finished_at": _time(dossier.finished_at),
        "returned_at": _time(dossier.returned_at),
        "receiving_agency": _agency(dossier.receiving_agency),
        "handling_agency": _agency(dossier.handling_agency or dossier.receiving_agency),
    }


def result_documents(dossier: Dossier) -> list[DossierDocument]:
    """The issued result's files: result documents linked to a history line (not pending uploads)."""
    if Status(dossier.status) not in {Status.RESULT_READY, Status.RETURNED, Status.REFUSED}:
        return []
    return list(dossier.documents.filter(kind=DossierDocument.Kind.RESULT, event__isnull=False).order_by("id"))


def _serve(call: Call, grant: ServiceGrant) -> Reply:
    dossier = _dossier(grant, call.code)
    if call.service == grants.STATUS:
        return _json(200, status_of(dossier))
    docs = result_documents(dossier)
    if call.document_id is not None:
        doc = next((d for d in docs if d.pk == call.document_id), None)
        if doc is None:
            raise Refused(404, "not_found", _("Không tìm thấy tệp kết quả."), {"document": call.document_id})
        with doc.file.open("rb") as fh:
            content = fh.read()
        return Reply(
            200,
            content,
            content_type=doc.content_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(doc.original_name)}",
                "X-Content-SHA256": doc.sha256,
                "X-Content-Type-Options": "nosniff",
            },
        )
    return _json(
        200,
        {
            "code": dossier.code,
            "status": status_of(dossier)["status"],
            "result": {
                "number": dossier.result_number,
                "date": dossier.result_date.isoformat() if dossier.result_date else None,
                "signer_name": dossier.result_signer_name,
                "signer_position": dossier.result_signer_position,
            },
            "documents": [
                {
                    "id": d.pk,
                    "name": d.original_name,
                    "content_type": d.content_type,
                    "size": d.size,
                    "sha256": d.sha256,
                    "uploaded_at": _time(d.uploaded_at),
                    "path": reverse("exchange:result_file", args=[dossier.code, d.pk]),
                }
                for d in docs
            ],
        },
    )


def _quote(name: str) -> str:
    return urllib.parse.quote(name, safe="")
