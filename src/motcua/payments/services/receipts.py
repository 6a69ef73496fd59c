"""Electronic fee receipts (biên lai điện tử thu phí, lệ phí): series, gap-free numbers, issue,
cancellation and replacement.

Legal frame, in force in December 2026: Decree 123/2020/NĐ-CP on invoices and documents (chứng từ,
of which receipts of fees and charges), as amended by Decree 70/2025/NĐ-CP (from 1 June 2025), and
Circular 32/2025/TT-BTC guiding it (it replaced Circular 78/2021/TT-BTC from 1 June 2025). A receipt
carries the form symbol (mẫu số), the symbol (ký hiệu) and the number (số) of its series; numbers run
without gaps per series; an issued receipt is never deleted: it is cancelled (with the reason) or
replaced by a new receipt that names it. The article numbers of these rules were not read offline:
legal review (see docs/receipts.md).

Numbers come from the series row, locked (``SELECT … FOR UPDATE``; on SQLite the ``BEGIN
IMMEDIATE`` transaction serialises writers) inside the transaction that records the payment paid or
that replaces a receipt, so two payments never get one number and a rollback gives its number back.
Lock order: dossier, payment, then series (as ``payments._settle``).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, PermissionDenied, ValidationError, not_found
from motcua.organisation.models import Agency
from motcua.organisation.permissions import may
from motcua.payments import conf, receipt_signing
from motcua.payments.models import Payment, Receipt, ReceiptSeries

MAX_REASON = 1000


def collecting_agency_id(payment: Payment) -> int:
    """The body that collects the fee and issues its receipt: the dossier's receiving body."""
    return int(payment.dossier.receiving_agency_id)


def _series_for_update(agency_id: int, year: int, actor: Actor) -> ReceiptSeries:
    """The agency's series for ``year``, locked; created with the configured symbols if missing."""
    series = ReceiptSeries.objects.select_for_update().filter(agency_id=agency_id, year=year).first()
    if series is not None:
        return series
    agency = Agency.objects.get(pk=agency_id)
    try:
        with transaction.atomic():  # a savepoint: a concurrent creation wins, we then lock its row
            created = ReceiptSeries.objects.create(
                agency=agency,
                year=year,
                form_number=conf.receipt_form_number(),
                symbol=conf.receipt_symbol(year, agency.code),
                created_at=clock.now(),
                created_by=None,
            )
            audit(
                actor=actor.user,
                action="payments.receipt_series.auto",
                obj=created,
                changes={
                    "agency": agency.code,
                    "year": year,
                    "form_number": created.form_number,
                    "symbol": created.symbol,
                },
            )
    except IntegrityError:
        pass
    return ReceiptSeries.objects.select_for_update().get(agency_id=agency_id, year=year)


def _next_number(series: ReceiptSeries) -> int:
    """Take the next number of a locked series."""
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def allocate(agency_id: int, year: int, actor: Actor) -> tuple[ReceiptSeries, int]:
    """The series and the next number for a receipt of ``agency_id`` in ``year``. Inside a transaction."""
    series = _series_for_update(agency_id, year, actor)
    return series, _next_number(series)


def _lines(payment: Payment) -> list[dict[str, Any]]:
    return [
        {
            "name": str(line["name"]),
            "amount": int(line["charged"]),
            "note": (_("Miễn, giảm: %(reason)s") % {"reason": line["reason"]}) if line.get("reason") else "",
        }
        for line in payment.fee_lines
    ]


def issue_for_payment(payment: Payment, *, actor: Actor) -> Receipt:
    """Issue the receipt of ``payment``, just marked paid, in the caller's transaction (``_settle``)."""
    if payment.paid_at is None:
        raise Conflict(_("Chỉ lập biên lai cho khoản đã thanh toán."), code="not_paid")
    dossier = payment.dossier
    issued_at = clock.now()
    series, number = allocate(collecting_agency_id(payment), issued_at.astimezone(clock.VN_TZ).year, actor)
    receipt = Receipt.objects.create(
        series=series,
        number=number,
        payment=payment,
        payer_name=payment.payer_name,
        payer_id_number=dossier.applicant_id_number or "",
        payer_address=(dossier.applicant_address or "")[:500],
        dossier_code=dossier.code,
        procedure=dossier.procedure_version.name[:500],
        lines=_lines(payment),
        total=payment.amount,
        method=str(payment.get_channel_display()),
        transaction_ref=(payment.gateway_reference or payment.reference)[:100],
        collector=payment.recorded_by.display_name if payment.recorded_by else _("Thu qua kênh trực tuyến"),
        paid_at=payment.paid_at,
        issued_at=issued_at,
        issued_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    audit(
        actor=actor.user,
        action="payments.receipt.issue",
        obj=receipt,
        changes={"series": series.symbol, "number": number, "payment": payment.reference, "total": payment.amount},
    )
    receipt_signing.request_signature(receipt)
    return receipt


def _reason(reason: str, field: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Vui lòng nêu lý do."), code="reason_required", details={"field": field})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": MAX_REASON},
            code="reason_too_long",
            details={"field": field, "max": MAX_REASON},
        )
    return reason


def _require_correct(actor: Actor, receipt: Receipt) -> None:
    if not may(actor.user, "receipts.correct", receipt.series.agency_id):
        raise PermissionDenied(
            _("Chỉ cán bộ thu phí hoặc lãnh đạo của cơ quan thu mới được hủy, thay thế biên lai."),
            code="receipt_role",
        )


def _locked_issued(receipt_id: int) -> Receipt:
    receipt = Receipt.objects.select_for_update().select_related("series").filter(pk=receipt_id).first()
    if receipt is None:
        raise not_found("receipt")
    if receipt.status != Receipt.Status.ISSUED:
        raise Conflict(
            _("Biên lai này đã bị hủy hoặc đã được thay thế."),
            code="receipt_not_issued",
            details={"status": receipt.status},
        )
    return receipt


def _get(receipt_id: int) -> Receipt:
    receipt = Receipt.objects.select_related("series").filter(pk=receipt_id).first()
    if receipt is None:
        raise not_found("receipt")
    return receipt


def cancel_receipt(receipt_id: int, *, actor: Actor, reason: str) -> Receipt:
    """Cancel (hủy) an issued receipt; its number stays used and the reason, who and when are kept."""
    _require_correct(actor, _get(receipt_id))
    reason = _reason(reason, "reason")
    with transaction.atomic():
        receipt = _locked_issued(receipt_id)
        receipt.status = Receipt.Status.CANCELLED
        receipt.cancel_reason = reason
        receipt.cancelled_at = clock.now()
        receipt.cancelled_by = actor.user
        receipt.save(update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by"])
        audit(
            actor=actor.user,
            action="payments.receipt.cancel",
            obj=receipt,
            changes={
                "status": ["issued", "cancelled"],
                "series": receipt.series.symbol,
                "number": receipt.number,
                "reason": reason,
            },
        )
    return receipt


def replace_receipt(
    receipt_id: int,
    *,
    actor: Actor,
    reason: str,
    payer_name: str | None = None,
    payer_id_number: str | None = None,
    payer_address: str | None = None,
) -> Receipt:
    """Issue a replacement (biên lai thay thế) with the next number of the body's current series.

    The old receipt becomes "replaced" and keeps its number; the new one names it and carries the
    reason. The payer's name, identification number and address may be corrected; the lines and
    the amount are those of the payment.
    """
    _require_correct(actor, _get(receipt_id))
    reason = _reason(reason, "reason")
    corrections = {"payer_name": payer_name, "payer_id_number": payer_id_number, "payer_address": payer_address}
    fixed = {k: v.strip() for k, v in corrections.items() if v is not None}
    if "payer_name" in fixed and not fixed["payer_name"]:
        raise ValidationError(_("Vui lòng nhập tên người nộp."), code="payer_required", details={"field": "payer_name"})
    limits = {"payer_name": 200, "payer_id_number": 20, "payer_address": 500}
    for field, value in fixed.items():
        if len(value) > limits[field]:
            raise ValidationError(
                _("Giá trị quá dài."), code="too_long", details={"field": field, "max": limits[field]}
            )
    with transaction.atomic():
        old = _locked_issued(receipt_id)
        now = clock.now()
        series, number = allocate(old.series.agency_id, now.astimezone(clock.VN_TZ).year, actor)
        new = Receipt.objects.create(
            series=series,
            number=number,
            payment_id=old.payment_id,
            payer_name=fixed.get("payer_name", old.payer_name),
            payer_id_number=fixed.get("payer_id_number", old.payer_id_number),
            payer_address=fixed.get("payer_address", old.payer_address),
            dossier_code=old.dossier_code,
            procedure=old.procedure,
            lines=old.lines,
            total=old.total,
            method=old.method,
            transaction_ref=old.transaction_ref,
            collector=old.collector,
            paid_at=old.paid_at,
            issued_at=now,
            issued_by=actor.user,
            replaces=old,
            replace_reason=reason,
        )
        old.status = Receipt.Status.REPLACED
        old.save(update_fields=["status"])
        audit(
            actor=actor.user,
            action="payments.receipt.replace",
            obj=new,
            changes={
                "replaces": {"id": old.pk, "series": old.series.symbol, "number": old.number},
                "series": series.symbol,
                "number": number,
                "reason": reason,
                "corrected": sorted(k for k, v in fixed.items() if v != getattr(old, k)),
            },
        )
        receipt_signing.request_signature(new)
    return new


def create_series(agency_id: int, *, actor: Actor, year: int, form_number: str, symbol: str) -> ReceiptSeries:
    """Open the series (mẫu số, ký hiệu) of a body for a year (its administrator), before any receipt."""
    if not may(actor.user, "receipts.series", agency_id) and not getattr(actor.user, "is_superuser", False):
        raise PermissionDenied(_("Chỉ quản trị của cơ quan mới được tạo ký hiệu biên lai."), code="receipt_series_role")
    form_number, symbol = (form_number or "").strip(), (symbol or "").strip()
    errors = {}
    if not form_number or len(form_number) > 20:
        errors["form_number"] = _("Mẫu số gồm 1 đến 20 ký tự.")
    if not symbol or len(symbol) > 20:
        errors["symbol"] = _("Ký hiệu gồm 1 đến 20 ký tự.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Năm không hợp lệ.")
    if errors:
        raise ValidationError(_("Thông tin ký hiệu biên lai không hợp lệ."), code="bad_series", details=errors)
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise not_found("agency")
    try:
        with transaction.atomic():
            series = ReceiptSeries.objects.create(
                agency=agency,
                year=year,
                form_number=form_number,
                symbol=symbol,
                created_at=clock.now(),
                created_by=actor.user,
            )
            audit(
                actor=actor.user,
                action="payments.receipt_series.create",
                obj=series,
                changes={"agency": agency.code, "year": year, "form_number": form_number, "symbol": symbol},
            )
    except IntegrityError:
        raise Conflict(
            _("Cơ quan đã có ký hiệu biên lai của năm này."), code="series_exists", details={"year": year}
        ) from None
    return series
