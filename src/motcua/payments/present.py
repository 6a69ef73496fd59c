"""Payments as plain dicts for the API and the pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import IN_PROCESS, Status
from motcua.payments.models import FeeAssessment, Payment, Receipt
from motcua.payments.selectors import latest_receipt
from motcua.payments.services.fees import estimate, outstanding, paid_total, preview

# When the applicant is asked to pay what is outstanding: once the dossier is received, until the
# result is handed back (before reception the agency may still refuse it; afterwards it is closed).
PAYABLE = IN_PROCESS | {Status.RESULT_READY}


def receipt_number(r: Receipt | None) -> str:
    """ "Ký hiệu BL-26E, số 0000012" as shown next to a payment; "" without a numbered receipt."""
    return f"{r.series.symbol} {r.number_text}" if r is not None else ""


def payment(p: Payment) -> dict[str, Any]:
    paid = p.status in (Payment.Status.PAID, Payment.Status.REFUNDED)
    receipt = latest_receipt(p.pk) if paid else None
    return {
        "id": p.pk,
        "reference": p.reference,
        "channel": p.channel,
        "channel_label": str(p.get_channel_display()),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "amount": p.amount,
        "currency": p.currency,
        "created_at": p.created_at,
        "expires_at": p.expires_at,
        "paid_at": p.paid_at,
        "gateway_reference": p.gateway_reference,
        "refunded_at": p.refunded_at,
        "refund_reason": p.refund_reason,
        "receipt_url": reverse("payments:receipt", args=[p.pk]) if paid else None,
        "receipt_xml_url": reverse("payments:receipt_xml", args=[p.pk]) if receipt is not None else None,
        "receipt_id": receipt.pk if receipt is not None else None,
        "receipt_number": receipt_number(receipt),
        "receipt_status": receipt.status if receipt is not None else None,
    }


def receipt(r: Receipt) -> dict[str, Any]:
    """A receipt for the API: its series, number, status, payer, lines and the receipt it replaces."""
    old = r.replaces
    return {
        "id": r.pk,
        "form_number": r.series.form_number,
        "symbol": r.series.symbol,
        "number": r.number_text,
        "year": r.series.year,
        "agency_code": r.series.agency.code,
        "agency_name": r.series.agency.name,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "payment_reference": r.payment.reference,
        "dossier_code": r.dossier_code,
        "payer_name": r.payer_name,
        "payer_id_number": r.payer_id_number,
        "lines": [{"name": x["name"], "amount": int(x["amount"]), "note": x.get("note", "")} for x in r.lines],
        "total": r.total,
        "currency": r.payment.currency,
        "paid_at": r.paid_at,
        "issued_at": r.issued_at,
        "cancelled_at": r.cancelled_at,
        "cancel_reason": r.cancel_reason,
        "replaces": (
            {"id": old.pk, "symbol": old.series.symbol, "number": old.number_text, "reason": r.replace_reason}
            if old is not None
            else None
        ),
        "pdf_url": reverse("api-v1:receipt_pdf", args=[r.pk]),
        "xml_url": reverse("api-v1:receipt_xml", args=[r.pk]),
    }


def fee_line(line: Any) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "name": line.name,
        "rule": line.rule,
        "listed": line.listed,
        "charged": line.charged,
        "exempted": line.exempted,
        "reason": line.reason,
    }


def overview(dossier: Dossier) -> dict[str, Any]:
    lines, total = preview(dossier)
    return {
        "dossier_code": dossier.code,
        "dossier_status": dossier.status,
        "assessed": hasattr(dossier, "fee_assessment") and _assessed(dossier),
        "fees": [fee_line(line) for line in lines],
        "total": total,
        "paid": paid_total(dossier),
        "outstanding": outstanding(dossier),
        "payments": [payment(p) for p in Payment.objects.filter(dossier=dossier).order_by("-created_at", "-id")],
    }


def _assessed(dossier: Dossier) -> bool:
    return FeeAssessment.objects.filter(dossier=dossier).exists()


def citizen_overview(dossier: Dossier) -> dict[str, Any]:
    """``overview`` plus what the applicant's dossier page shows: whether to offer paying now, the open payment."""
    data = overview(dossier)
    data["has_fees"] = data["total"] > 0 or bool(data["payments"])
    # Paid once the agency has received the dossier: a supplement asked for at the desk comes before that.
    received = dossier.received_at is not None
    data["pay_now"] = data["outstanding"] > 0 and received and dossier.status in PAYABLE
    data["before_reception"] = (
        data["outstanding"] > 0 and not received and dossier.status in (Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED)
    )
    data["pending"] = next((p for p in data["payments"] if p["status"] == Payment.Status.PENDING), None)
    return data


def estimate_view(version_id: int, form_data: dict[str, Any] | None) -> dict[str, Any]:
    """The fees a submission would be charged, for its review step (lines and total)."""
    lines, total = estimate(version_id, form_data)
    return {"fees": [{**fee_line(line), "exemptions": line.exemptions_text} for line in lines], "total": total}
