"""The national portal's endpoints (its dossier push, our signed result links) and the back office's sync log."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.core.actor import Actor
from motcua.core.errors import DomainError
from motcua.dossiers.models import DossierDocument
from motcua.national_portal import conf, selectors
from motcua.national_portal.dvcqg import BAD_REQUEST, BAD_SIGNATURE, SIGNATURE_HEADER, verify
from motcua.national_portal.services import intake, sync


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error_code": code, "message": message}, status=status)


@csrf_exempt
def push(request: HttpRequest) -> JsonResponse:
    """``POST /dvcqg/ho-so``: a dossier the portal pushes (JSON, signed with the shared secret; no session)."""
    if not conf.enabled():
        return _error(404, "404", _("Hệ thống chưa bật liên thông với Cổng Dịch vụ công quốc gia."))
    if request.method != "POST":
        return _error(405, "405", _("Chỉ nhận yêu cầu POST."))
    if not verify(request.body, request.headers.get(SIGNATURE_HEADER, ""), conf.secret()):
        return _error(401, BAD_SIGNATURE, _("Chữ ký của thông điệp không đúng."))
    try:
        message = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, BAD_REQUEST, _("Nội dung gửi lên không phải JSON hợp lệ."))
    answer = intake.receive(message)
    return JsonResponse(answer.body, status=answer.http_status)


@require_GET
def result_file(request: HttpRequest, doc_id: int, signature: str) -> HttpResponse | FileResponse:
    """A result document for the portal, by the signed link of the sync message (no session)."""
    if not verify(str(doc_id).encode(), signature, conf.secret()):
        return _error(403, "403", _("Chữ ký của thông điệp không đúng."))
    doc = DossierDocument.objects.filter(pk=doc_id, kind=DossierDocument.Kind.RESULT).first()
    if doc is None:
        return _error(404, "404", _("Không tìm thấy."))
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


def _require_manager(request: HttpRequest) -> None:
    """Officials with the TTHC control or administrator role, or superusers; anyone else: 403."""
    if not sync.may_manage(request.user):
        raise PermissionDenied


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """The sync log (Nhật ký liên thông Cổng DVCQG): the dossiers received and the statuses sent."""
    _require_manager(request)
    state = request.GET.get("trang_thai", "")
    outcome = request.GET.get("ket_qua", "")
    syncs = Paginator(selectors.syncs(state), 50).get_page(request.GET.get("trang"))
    base = reverse("national_portal:log") + "?" + urlencode({"trang_thai": state, "ket_qua": outcome})
    context: dict[str, Any] = {
        "section": "dvcqg",
        "syncs": syncs,
        "prev_url": f"{base}&trang={syncs.previous_page_number()}" if syncs.has_previous() else "",
        "next_url": f"{base}&trang={syncs.next_page_number()}" if syncs.has_next() else "",
        "intakes": selectors.intakes(outcome)[:50],
        "state": state,
        "outcome": outcome,
        "states": selectors.STATES,
        "outcomes": selectors.OUTCOMES,
    }
    return render(request, "national_portal/log.html", context)


@require_POST
@login_required
def resend(request: HttpRequest, sync_id: int) -> HttpResponse:
    """ "Gửi lại": queue a failed sync message again."""
    _require_manager(request)
    try:
        sync.resend(sync_id, actor=Actor(user=request.user, channel="web"))
    except DomainError as exc:
        if exc.http_status == 404:
            raise Http404 from None
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã đưa thông điệp vào hàng đợi gửi lại."))
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # the page the resend was pressed on (the log or the dossier)
    return redirect("national_portal:log")
