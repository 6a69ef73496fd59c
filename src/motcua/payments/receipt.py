"""Build the receipt of fees (biên lai thu phí, lệ phí) of a paid payment and render it as PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.core.errors import not_found
from motcua.dossiers.receipt import issuing_body
from motcua.forms.fee_receipt import FeeReceiptData, FeeReceiptLine, render_fee_receipt_pdf
from motcua.payments.models import Payment

SYMBOL = "BL/MC"


def fee_receipt_data(payment: Payment) -> FeeReceiptData:
    """Return the receipt data of a paid (or since refunded) payment; 404 for any other."""
    if payment.status not in (Payment.Status.PAID, Payment.Status.REFUNDED) or payment.paid_at is None:
        raise not_found("receipt")
    dossier = payment.dossier
    lines = tuple(
        FeeReceiptLine(
            name=line["name"],
            amount=int(line["charged"]),
            note=(_("Miễn, giảm: %(reason)s") % {"reason": line["reason"]}) if line.get("reason") else "",
        )
        for line in payment.fee_lines
    )
    collector = payment.recorded_by.display_name if payment.recorded_by else _("Thu qua kênh trực tuyến")
    return FeeReceiptData(
        body=issuing_body(dossier),
        number=payment.reference,
        symbol=SYMBOL,
        paid_at=payment.paid_at,
        payer_name=payment.payer_name,
        payer_address=dossier.applicant_address,
        payer_id_number=dossier.applicant_id_number,
        dossier_code=dossier.code,
        procedure=dossier.procedure_version.name,
        lines=lines,
        total=payment.amount,
        method=str(payment.get_channel_display()),
        transaction_ref=payment.gateway_reference or payment.reference,
        collector=collector,
        refunded_note=_("ĐÃ HOÀN TIỀN") if payment.status == Payment.Status.REFUNDED else "",
    )


def fee_receipt_pdf(payment: Payment) -> bytes:
    return render_fee_receipt_pdf(fee_receipt_data(payment))
