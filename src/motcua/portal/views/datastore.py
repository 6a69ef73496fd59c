"""Kho dữ liệu của tôi: the citizen's electronic data store (Decree 45/2020/NĐ-CP art. 16; see datastore/models.py).

List, download, delete, upload one's own document, grant the body handling one dossier access to
chosen items and revoke it, and read the log of every access by someone else. Thin: each POST is
one call of ``datastore.services.store``.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.actor import Actor
from motcua.core.dates import parse_date
from motcua.core.errors import NotFound, ValidationError
from motcua.datastore import selectors
from motcua.datastore.models import StoredItem
from motcua.datastore.services import store
from motcua.dossiers.models import Dossier
from motcua.portal.views.common import citizen_required


def _date(request: HttpRequest, name: str, errors: dict[str, str]) -> Any:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    value = parse_date(text)
    if value is None:
        errors[name] = _("Ngày không hợp lệ (dd/mm/yyyy).")
    return value


@citizen_required
def store_page(request: HttpRequest) -> HttpResponse:
    """The list of items, the upload form (POST), the grants and the access log."""
    errors: dict[str, str] = {}
    values = {k: request.POST.get(k, "").strip() for k in ("title", "document_code", "number", "issuing_body")}
    if request.method == "POST":
        issued_on, valid_until = _date(request, "issued_on", errors), _date(request, "valid_until", errors)
        upload = request.FILES.get("file")
        if upload is None:
            errors["file"] = _("Vui lòng chọn tệp.")
        if not errors:
            try:
                store.add_item(
                    actor=Actor(user=request.user),
                    upload=upload,
                    meta=store.ItemMeta(issued_on=issued_on, valid_until=valid_until, **values),
                )
            except ValidationError as exc:
                field = str((exc.details or {}).get("field", "file")) if isinstance(exc.details, dict) else "file"
                errors[field] = str(exc.message)
            else:
                messages.success(request, _("Đã lưu giấy tờ vào kho dữ liệu."))
                return redirect("portal:store")
    items = list(selectors.own_items(request.user).select_related("source_dossier"))
    dossiers = Dossier.objects.filter(applicant_id=request.user.pk).order_by("-submitted_at")[:50]
    return render(
        request,
        "portal/datastore.html",
        {
            "items": items,
            "grants": selectors.own_grants(request.user),
            "log": selectors.own_access_log(request.user)[:100],
            "dossiers": dossiers,
            "errors": errors,
            "values": values,
            "sources": dict(StoredItem.Source.choices),
        },
    )


@citizen_required
def store_download(request: HttpRequest, item_id: int) -> HttpResponse:
    try:
        item = store.read_item(actor=Actor(user=request.user), item_id=item_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    return cast(HttpResponse, response)  # a streaming response, served as any page


@citizen_required
def store_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("portal:store")
    try:
        store.delete_item(actor=Actor(user=request.user), item_id=item_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    messages.success(request, _("Đã xóa giấy tờ khỏi kho dữ liệu."))
    return redirect("portal:store")


@citizen_required
def store_grant(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("portal:store")
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    try:
        store.grant_access(actor=Actor(user=request.user), dossier_code=request.POST.get("dossier", ""), item_ids=ids)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except ValidationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã cho phép cơ quan giải quyết hồ sơ khai thác giấy tờ đã chọn."))
    return redirect("portal:store")


@citizen_required
def store_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("portal:store")
    try:
        store.revoke_grant(actor=Actor(user=request.user), grant_id=grant_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    messages.success(request, _("Đã thu hồi quyền khai thác."))
    return redirect("portal:store")
