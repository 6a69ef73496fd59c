"""Fee receipt pages (biên lai thu phí, lệ phí): the applicant's XML download, and for officials of
the issuing body the receipts list, one receipt, its cancellation and its replacement.

Who may do what is ``organisation.permissions.ACTIVITY_ROLES`` (``receipts.view``,
``receipts.correct``); what a user sees goes through ``payments.selectors``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from motcua.dossiers import selectors as dossier_selectors
from motcua.organisation.models import Agency
from motcua.organisation.permissions import agencies_for, may
from motcua.payments import selectors
from motcua.payments.downloads import pdf_response, unavailable_response, xml_response
from motcua.payments.models import Payment, Receipt
from motcua.payments.receipt import replaces_text
from motcua.payments.services import receipts as receipt_services
from motcua.signing.errors import SigningUnavailable


@login_required
def payment_receipt_xml(request: HttpRequest, payment_id: int) -> HttpResponse:
    """The XML of a payment's latest receipt (applicant or officials who see the dossier)."""
    payment = Payment.objects.select_related("dossier").filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    try:
        dossier_selectors.get_visible(request.user, payment.dossier.code)
    except NotFound:
        raise Http404 from None
    receipt = selectors.latest_receipt(payment.pk)
    if receipt is None:
        raise Http404
    return xml_response(receipt)


def _require_reader(request: HttpRequest) -> list[int]:
    agencies = agencies_for(request.user, "receipts.view")
    if not agencies:
        raise DjangoPermissionDenied
    return agencies


def _agency_receipt(request: HttpRequest, receipt_id: int) -> Receipt:
    _require_reader(request)
    receipt = selectors.agency_receipts(request.user).filter(pk=receipt_id).first()
    if receipt is None:
        raise Http404
    return receipt


def _list_context(request: HttpRequest) -> dict[str, Any]:
    qs = selectors.agency_receipts(request.user)
    q = request.GET.get("q", "").strip()[:60]
    status = request.GET.get("trang-thai", "")
    if q:
        cond = Q(dossier_code__icontains=q) | Q(payer_name__icontains=q) | Q(series__symbol__iexact=q)
        if q.isdigit():
            cond |= Q(number=int(q))
        qs = qs.filter(cond)
    if status in Receipt.Status.values:
        qs = qs.filter(status=status)
    series_agencies = Agency.objects.filter(pk__in=agencies_for(request.user, "receipts.series")).order_by("name")
    return {
        "page": Paginator(qs, 50).get_page(request.GET.get("trang")),
        "q": q,
        "status": status,
        "statuses": Receipt.Status.choices,
        "series": selectors.agency_series(request.user),
        "series_agencies": series_agencies,
        "series_form": {"agency": "", "year": str(clock.local_now().year), "form_number": "", "symbol": ""},
        "section": "receipts",
    }


@login_required
def receipt_list(request: HttpRequest) -> HttpResponse:
    """The receipts of the official's bodies, newest first; search by number or dossier code, filter by status.

    The body's administrator also sees its series and may open the series of a year here.
    """
    _require_reader(request)
    return render(request, "payments/receipts.html", _list_context(request))


@login_required
@require_POST
def receipt_series_create(request: HttpRequest) -> HttpResponse:
    """Open a receipt series (mẫu số, ký hiệu) for a body and a year: its administrator."""
    _require_reader(request)
    form = {k: request.POST.get(k, "").strip() for k in ("agency", "year", "form_number", "symbol")}
    try:
        if not (form["agency"].isdigit() and form["year"].isdigit()):
            raise ValidationError(_("Thông tin ký hiệu biên lai không hợp lệ."), code="bad_series")
        receipt_services.create_series(
            int(form["agency"]),
            actor=Actor(user=request.user, channel="web"),
            year=int(form["year"]),
            form_number=form["form_number"],
            symbol=form["symbol"],
        )
    except (PermissionDenied, NotFound):
        raise DjangoPermissionDenied from None
    except DomainError as exc:
        context = _list_context(request)
        context.update({"series_error": str(exc.message), "series_form": form})
        return render(request, "payments/receipts.html", context, status=exc.http_status)
    return redirect("payments:receipts")


def _detail_context(request: HttpRequest, receipt: Receipt, **extra: Any) -> dict[str, Any]:
    replaced_by = Receipt.objects.select_related("series").filter(replaces=receipt).first()
    return {
        "receipt": receipt,
        "replaced_by": replaced_by,
        "replaces_note": replaces_text(receipt),
        "may_correct": receipt.status == Receipt.Status.ISSUED
        and may(request.user, "receipts.correct", receipt.series.agency_id),
        "form": {
            "reason": "",
            "payer_name": receipt.payer_name,
            "payer_id_number": receipt.payer_id_number,
            "payer_address": receipt.payer_address,
        },
        "section": "receipts",
        **extra,
    }


@login_required
def receipt_detail(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = _agency_receipt(request, receipt_id)
    return render(request, "payments/receipt_detail.html", _detail_context(request, receipt))


@login_required
def receipt_file(request: HttpRequest, receipt_id: int, fmt: str) -> HttpResponse:
    """PDF or XML of one receipt: the applicant of its dossier or an official of its body."""
    try:
        receipt = selectors.get_receipt(request.user, receipt_id)
    except NotFound:
        raise Http404 from None
    try:
        return pdf_response(receipt) if fmt == "pdf" else xml_response(receipt)
    except SigningUnavailable as exc:
        return unavailable_response(request, exc)


def _act(request: HttpRequest, receipt_id: int, kind: str) -> HttpResponse:
    receipt = _agency_receipt(request, receipt_id)
    actor = Actor(user=request.user, channel="web")
    reason = request.POST.get("reason", "")
    try:
        if kind == "cancel":
            done = receipt_services.cancel_receipt(receipt.pk, actor=actor, reason=reason)
        else:
            done = receipt_services.replace_receipt(
                receipt.pk,
                actor=actor,
                reason=reason,
                payer_name=request.POST.get("payer_name"),
                payer_id_number=request.POST.get("payer_id_number"),
                payer_address=request.POST.get("payer_address"),
            )
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except DomainError as exc:
        context = _detail_context(request, receipt, error=str(exc.message), error_kind=kind)
        context["form"].update({k: request.POST.get(k, "") for k in context["form"]})
        return render(request, "payments/receipt_detail.html", context, status=exc.http_status)
    return redirect("payments:receipt_detail", done.pk)


@login_required
@require_POST
def receipt_cancel(request: HttpRequest, receipt_id: int) -> HttpResponse:
    return _act(request, receipt_id, "cancel")


@login_required
@require_POST
def receipt_replace(request: HttpRequest, receipt_id: int) -> HttpResponse:
    return _act(request, receipt_id, "replace")
