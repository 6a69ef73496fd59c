"""The gateway's door into MotCua (``/lgsp/r1/…``): thin, every check and the log in ``incoming``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from motcua.exchange import grants, incoming


def _respond(request: HttpRequest, service: str, code: str = "", document_id: int | None = None) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_large = length > incoming.MAX_BODY
    call = incoming.Call(
        method=request.method or "",
        path=request.path,
        service=service,
        code=code,
        document_id=document_id,
        headers=request.headers,
        body=b"" if too_large else request.body,
        too_large=too_large,
    )
    reply = incoming.answer(call)
    response = HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
    for name, value in reply.headers.items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def dossier_status(request: HttpRequest, code: str) -> HttpResponse:
    """Dịch vụ trạng thái hồ sơ: a dossier's progress for another agency (granted members only)."""
    return _respond(request, grants.STATUS, code)


@csrf_exempt
def dossier_result(request: HttpRequest, code: str) -> HttpResponse:
    """Dịch vụ kết quả: the issued result's metadata and the list of its signed files."""
    return _respond(request, grants.RESULT, code)


@csrf_exempt
def result_file(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """One file of the issued result (the signed document), as issued."""
    return _respond(request, grants.RESULT, code, document_id)


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under ``/lgsp/``: a JSON 404, logged like every call."""
    return _respond(request, "")
