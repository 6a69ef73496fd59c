"""Pages under /thanh-toan/: the citizen's fees and payment choices, the return page, the receipt
PDF, the counter page for reception officers and the unmatched bank statement lines."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.actor import Actor
from motcua.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.organisation.permissions import agencies_of
from motcua.payments import conf, present, vietqr
from motcua.payments.downloads import unavailable_response
from motcua.payments.models import Payment, StatementLine
from motcua.payments.receipt import fee_receipt_pdf
from motcua.payments.services.access import is_cashier, is_owner
from motcua.payments.services.fees import outstanding
from motcua.payments.services.payments import (
    query_status,
    record_counter_payment,
    start_payment,
    vietqr_info,
)
from motcua.payments.services.reconcile import parse_csv, reconcile
from motcua.signing.errors import SigningUnavailable


def allow_gateway_redirects(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let this page's forms lead to the gateways (CSP form-action, checked on redirects too).

    Read per request (django-csp's ``_csp_update``), so the configured gateway URLs apply.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        response._csp_update = {"form-action": ["'self'", *conf.gateway_origins()]}  # type: ignore[attr-defined]
        return response

    return wrapped


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel="web")


def _own_dossier(request: HttpRequest, code: str) -> Dossier:
    try:
        dossier = selectors.get_visible(request.user, code)
    except NotFound:
        raise Http404 from None
    if not is_owner(request.user, dossier):
        raise Http404
    return dossier


def _fees_context(dossier: Dossier, error: str = "") -> dict[str, Any]:
    data = present.overview(dossier)
    qr = Payment.objects.filter(dossier=dossier, channel=Payment.Channel.VIETQR, status=Payment.Status.PENDING).first()
    info = vietqr_info(qr) if qr else None
    return {
        "dossier": dossier,
        "data": data,
        "error": error,
        "vietqr": info,
        "qr_svg": vietqr.qr_svg(qr.qr_payload) if qr else "",
    }


@login_required
@allow_gateway_redirects
def fees(request: HttpRequest, code: str) -> HttpResponse:
    """The dossier's fees, the online payment buttons and the VietQR code (applicant only)."""
    dossier = _own_dossier(request, code)
    return render(request, "payments/fees.html", _fees_context(dossier))


@login_required
@require_POST
@allow_gateway_redirects
def start(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _own_dossier(request, code)
    channel = request.POST.get("channel", "")
    try:
        started = start_payment(dossier.pk, actor=_actor(request), channel=channel)
    except DomainError as exc:
        return render(request, "payments/fees.html", _fees_context(dossier, str(exc.message)), status=exc.http_status)
    if started.redirect_url:
        return redirect(started.redirect_url)
    return redirect(reverse("payments:fees", args=[dossier.code]) + "#vietqr")


def _own_payment(request: HttpRequest, reference: str) -> Payment:
    payment = Payment.objects.select_related("dossier").filter(reference=reference).first()
    if payment is None or not is_owner(request.user, payment.dossier):
        raise Http404
    return payment


OUTCOMES: dict[str, tuple[str, str, str]] = {
    # status: (tone, title, text)
    Payment.Status.PAID: (
        "ok",
        N_("Thanh toán thành công"),
        N_(
            "Hệ thống đã ghi nhận khoản thanh toán phí, lệ phí của hồ sơ. Biên lai điện tử có ở "
            "trang này và trang hồ sơ."
        ),
    ),
    Payment.Status.FAILED: (
        "late",
        N_("Thanh toán không thành công"),
        N_(
            "Cổng thanh toán báo giao dịch không thành công, khoản phí, lệ phí chưa được ghi nhận. "
            "Ông/bà có thể thanh toán lại."
        ),
    ),
    Payment.Status.PENDING: (
        "warn",
        N_("Đang chờ kết quả từ cổng thanh toán"),
        N_(
            "Hệ thống chưa nhận được kết quả của giao dịch. Nếu ông/bà đã thanh toán, bấm “Kiểm "
            "tra lại với cổng thanh toán”; nếu chưa, có thể thanh toán lại (giao dịch này sẽ được "
            "hủy)."
        ),
    ),
    Payment.Status.EXPIRED: (
        "late",
        N_("Giao dịch đã hết hạn"),
        N_("Giao dịch đã quá thời hạn thanh toán và không còn dùng được. Ông/bà có thể thanh toán lại."),
    ),
    Payment.Status.CANCELLED: (
        "late",
        N_("Giao dịch đã hủy"),
        N_("Giao dịch này đã được hủy khi ông/bà bắt đầu một lần thanh toán mới."),
    ),
    Payment.Status.REFUNDED: (
        "warn",
        N_("Khoản thanh toán đã được hoàn tiền"),
        N_("Cơ quan đã hoàn trả khoản thanh toán này."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
@allow_gateway_redirects
def result(request: HttpRequest, reference: str) -> HttpResponse:
    """Where the gateway sends the browser back. Shows the outcome; never marks anything paid.

    A POST asks the gateway for the status (a signed server-to-server query). The page offers to
    pay again while something is due, and leads back to the dossier.
    """
    payment = _own_payment(request, reference)
    error = ""
    if request.method == "POST":
        try:
            payment = query_status(payment.pk, actor=_actor(request))
        except DomainError as exc:
            error = str(exc.message)
        else:
            return redirect("payments:result", payment.reference)
    tone, title, text = OUTCOMES[Payment.Status(payment.status)]
    return render(
        request,
        "payments/result.html",
        {
            "payment": payment,
            "dossier": payment.dossier,
            "error": error,
            "outcome": {"tone": tone, "title": _(title), "text": _(text)},
            "data": present.citizen_overview(payment.dossier),
        },
    )


@login_required
def receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Biên lai thu phí, lệ phí of a paid payment (applicant or officials who see the dossier)."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    try:
        selectors.get_visible(request.user, payment.dossier.code)
        pdf = fee_receipt_pdf(payment)
    except NotFound:
        raise Http404 from None
    except SigningUnavailable as exc:
        return unavailable_response(request, exc)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, code: str) -> HttpResponse:
    """Fees paid in cash or by card at the counter, recorded by a reception officer."""
    try:
        dossier = selectors.get_visible(request.user, code)
    except NotFound:
        raise Http404 from None
    if not is_cashier(request.user, dossier):
        raise DjangoPermissionDenied
    error = ""
    form = {
        "channel": "cash",
        "amount": str(outstanding(dossier)),
        "receipt_no": "",
        "payer_name": dossier.applicant_name,
    }
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            amount = int(form["amount"].replace(".", "").replace(",", "") or "0")
            payment = record_counter_payment(
                dossier.pk,
                actor=Actor(user=request.user, channel="counter"),
                channel=form["channel"],
                amount=amount,
                receipt_no=form["receipt_no"],
                payer_name=form["payer_name"],
            )
        except ValueError:
            error, status = _("Số tiền không hợp lệ."), 422
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except DomainError as exc:
            error, status = str(exc.message), exc.http_status
        else:
            return redirect(reverse("payments:counter", args=[dossier.code]) + f"?da-thu={payment.pk}")
    data = present.overview(dossier)
    return render(
        request,
        "payments/counter.html",
        {
            "dossier": dossier,
            "data": data,
            "form": form,
            "error": error,
            "channels": [Payment.Channel.CASH, Payment.Channel.POS],
            "done": bool(request.GET.get("da-thu")),
        },
        status=status,
    )


@login_required
def unmatched(request: HttpRequest) -> HttpResponse:
    """Unmatched bank statement lines; the administrator of the collection account imports statements.

    Reception officers see the lines of their agencies' dossiers. Importing marks payments paid, so
    only staff and officials holding the "admin" role may upload a statement.
    """
    agencies = agencies_of(request.user, {"reception"})
    may_import = bool(getattr(request.user, "is_staff", False)) or bool(agencies_of(request.user, {"admin"}))
    if not agencies and not may_import:
        raise DjangoPermissionDenied
    outcome = None
    error = ""
    error_lines: list[str] = []
    if request.method == "POST":
        if not may_import:
            raise DjangoPermissionDenied
        upload = request.FILES.get("statement")
        try:
            if upload is None or (upload.size or 0) > 5 * 1024 * 1024:
                raise ValidationError(_("Vui lòng chọn tệp sao kê CSV (tối đa 5 MB)."), code="statement_missing")
            rows = parse_csv(upload.read().decode("utf-8-sig"))
            outcome = reconcile(rows, actor=_actor(request), source=upload.name or "statement.csv")
        except UnicodeDecodeError:
            error = str(_("Tệp sao kê phải là văn bản UTF-8."))
        except DomainError as exc:
            error = str(exc.message)
            details = exc.details if isinstance(exc.details, dict) else {}
            error_lines = [str(e["message"]) for e in details.get("errors", [])]
    lines = StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED).select_related("dossier")
    if not may_import:
        lines = lines.filter(dossier__receiving_agency_id__in=agencies)
    return render(
        request,
        "payments/unmatched.html",
        {
            "lines": lines.order_by("-booked_at")[:500],
            "may_import": may_import,
            "outcome": outcome,
            "error": error,
            "error_lines": error_lines,
        },
    )
