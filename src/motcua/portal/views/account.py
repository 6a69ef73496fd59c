"""The citizen's account area: their dossiers and drafts, one dossier's page, supplement, withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.models import EidConflict
from motcua.core.actor import Actor
from motcua.core.errors import DomainError, NotFound
from motcua.datastore import selectors as datastore_selectors
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierDocument, SupplementRequest
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.services import documents, lifecycle
from motcua.dossiers.statuses import Status
from motcua.notifications.selectors import notices_for
from motcua.portal.conf import allowed_upload_types, max_upload_bytes
from motcua.portal.models import Draft
from motcua.portal.views import following
from motcua.portal.views.common import badge_class, citizen_required, timeliness_label

Kind = DossierDocument.Kind


@citizen_required
def account(request: HttpRequest) -> HttpResponse:
    """Tài khoản: my dossiers (status, due date) and my drafts."""
    dossiers = list(
        selectors.visible_dossiers(request.user)
        .filter(applicant_id=request.user.pk)
        .select_related("procedure_version__procedure", "handling_agency")
        .order_by("-submitted_at")
    )
    rows = [{"d": d, "badge": badge_class(d), "timeliness": timeliness_label(d)} for d in dossiers]
    user_drafts = Draft.objects.filter(owner_id=request.user.pk).select_related("procedure_version__procedure")
    unread = notices_for(request.user, unread_only=True).count()
    # A local account had claimed this e-ID's personal ID (accounts.services.eid_sign_in).
    eid_conflicts = EidConflict.objects.filter(verified_user_id=request.user.pk)
    return render(
        request,
        "portal/account.html",
        {"rows": rows, "drafts": user_drafts, "unread": unread, "eid_conflicts": eid_conflicts},
    )


def _own_dossier(request: HttpRequest, code: str) -> Dossier:
    """The dossier with ``code`` if the logged-in applicant filed it; 404 otherwise."""
    try:
        dossier = selectors.get_visible(request.user, code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if dossier.applicant_id != request.user.pk:
        raise Http404
    return dossier


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel="web")


@citizen_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    """Hồ sơ của tôi: status, dates, history, supplement, withdrawal, result and receipt."""
    dossier = _own_dossier(request, code)
    return render(request, "portal/dossier.html", _dossier_context(request, dossier))


def _dossier_context(request: HttpRequest, dossier: Dossier, errors: dict[str, str] | None = None) -> dict[str, Any]:
    seen = following.history(dossier)
    open_request = (
        SupplementRequest.objects.filter(dossier=dossier, fulfilled_at__isnull=True).last()
        if dossier.status == Status.SUPPLEMENT_REQUESTED
        else None
    )
    pending = list(dossier.documents.filter(kind=Kind.SUPPLEMENT, event__isnull=True).select_related("requirement"))
    items = []
    for i, item in enumerate(open_request.items if open_request else []):
        req = item.get("requirement", "")
        items.append(
            {
                "index": i,
                "name": item.get("name", ""),
                "reason": item.get("reason", ""),
                "requirement": req,
                "id": f"supplement-{i}",
                "error": (errors or {}).get(str(i), ""),
                "files": [d for d in pending if (d.requirement.code if d.requirement else "") == req],
            }
        )
    results = []
    if dossier.status in (Status.RESULT_READY, Status.RETURNED):
        results = list(dossier.documents.filter(kind=Kind.RESULT, event__isnull=False))
    return {
        "dossier": dossier,
        "events": following.history_rows(seen),
        "badge": badge_class(dossier),
        "declared": following.declared(dossier),
        "rounds": following.supplement_rounds(dossier, seen),
        "answer_deadline": following.deadline(dossier, open_request) if open_request else None,
        "timeliness": timeliness_label(dossier),
        "open_request": open_request,
        "items": items,
        "pending": pending,
        "results": results,
        "can_withdraw": "withdraw" in allowed_actions(request.user, dossier),
        "submitted_docs": list(dossier.documents.filter(kind=Kind.SUBMITTED).select_related("requirement")),
        "reused_docs": set(datastore_selectors.reuses_of(dossier.pk)),  # ids taken from the data store
        "max_bytes": max_upload_bytes(),
        "accept_types": ",".join(allowed_upload_types()),
        "max_mb": max_upload_bytes() // (1024 * 1024),
    }


@citizen_required
def supplement_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Upload one file for one item of the open supplement request (kept pending until "Gửi bổ sung")."""
    dossier = _own_dossier(request, code)
    if request.method != "POST":
        return redirect("portal:dossier", dossier.code)
    index = request.POST.get("item", "")
    request_ = SupplementRequest.objects.filter(dossier=dossier, fulfilled_at__isnull=True).last()
    items = request_.items if request_ else []
    if not index.isdigit() or int(index) >= len(items):
        messages.error(request, _("Không tìm thấy nội dung cần bổ sung."))
        return redirect("portal:dossier", dossier.code)
    upload = request.FILES.get("file")
    error = ""
    if upload is None:
        error = _("Vui lòng chọn tệp cần tải lên.")
    else:
        try:
            documents.upload_document(
                dossier.pk,
                actor=_actor(request),
                kind=Kind.SUPPLEMENT,
                upload=upload,
                requirement_code=items[int(index)].get("requirement", ""),
            )
        except DomainError as exc:
            error = str(exc.message)
    if error:
        dossier.refresh_from_db()
        context = _dossier_context(request, dossier, {index: error})
        context["message"] = error
        return render(request, "portal/dossier.html", context)
    messages.success(request, _("Đã tải tệp lên. Bấm “Gửi bổ sung” khi đã đủ giấy tờ."))
    return redirect(reverse("portal:dossier", args=[dossier.code]) + "#bo-sung")


@citizen_required
def supplement_send(request: HttpRequest, code: str) -> HttpResponse:
    """Gửi bổ sung: hand in the uploaded files (lifecycle.supplement)."""
    dossier = _own_dossier(request, code)
    if request.method == "POST":
        try:
            lifecycle.supplement(
                dossier.pk,
                actor=_actor(request),
                note=request.POST.get("note", "").strip()[:2000],
                version=_version(request),
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã gửi hồ sơ bổ sung."))
    return redirect("portal:dossier", dossier.code)


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@citizen_required
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Rút hồ sơ: GET asks for confirmation, POST withdraws (lifecycle.withdraw)."""
    dossier = _own_dossier(request, code)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            return render(
                request,
                "portal/withdraw.html",
                {"dossier": dossier, "error": _("Vui lòng đánh dấu xác nhận rút hồ sơ.")},
            )
        try:
            lifecycle.withdraw(
                dossier.pk,
                actor=_actor(request),
                reason=request.POST.get("reason", "").strip()[:2000],
                version=_version(request),
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã rút hồ sơ."))
        return redirect("portal:dossier", dossier.code)
    if "withdraw" not in allowed_actions(request.user, dossier):
        messages.error(request, _("Hồ sơ này không thể rút được nữa."))
        return redirect("portal:dossier", dossier.code)
    return render(request, "portal/withdraw.html", {"dossier": dossier})
