"""Build the receipt of fees (biên lai thu phí, lệ phí) and render it as PDF (and XML: ``receipt_xml``).

A numbered receipt (``Receipt``) prints its form symbol, symbol and number, the body, the payer,
the lines and the amount in words; a replacement says which receipt it replaces; a cancelled one
is marked "ĐÃ HỦY". Payments settled before receipts were numbered have no ``Receipt``: their PDF
is the older unnumbered one (``fee_receipt_data``).

Every PDF leaves through ``finalise_receipt_pdf``: the one place where the body's organisation
signature is applied (``receipt_signing.py``, with ``MOTCUA_SIGNING_SIGN_RECEIPTS``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.core.clock import VN_TZ
from motcua.core.errors import not_found
from motcua.dossiers.receipt import issuing_body, issuing_body_of
from motcua.forms.fee_receipt import FeeReceiptData, FeeReceiptLine, render_fee_receipt_pdf
from motcua.payments import receipt_signing
from motcua.payments.models import Payment, Receipt
from motcua.payments.selectors import latest_receipt

SYMBOL = "BL/MC"  # receipts issued before numbering


def fee_receipt_data(payment: Payment) -> FeeReceiptData:
    """Return the (unnumbered) receipt data of a paid (or since refunded) payment; 404 for any other."""
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


def replaces_text(receipt: Receipt) -> str:
    """ "Bản thay thế cho biên lai số … ký hiệu … ngày …, lý do …" of a replacement, else ""."""
    old = receipt.replaces
    if old is None:
        return ""
    return _(
        "Bản thay thế cho biên lai số %(number)s, ký hiệu %(symbol)s, mẫu số %(form)s, lập ngày %(date)s. "
        "Lý do: %(reason)s"
    ) % {
        "number": old.number_text,
        "symbol": old.series.symbol,
        "form": old.series.form_number,
        "date": old.issued_at.astimezone(VN_TZ).strftime("%d/%m/%Y"),
        "reason": receipt.replace_reason,
    }


def receipt_data(receipt: Receipt) -> FeeReceiptData:
    """The printed content of a numbered receipt, as stored when it was issued."""
    payment = receipt.payment
    marks = {
        Receipt.Status.CANCELLED: _("ĐÃ HỦY"),
        Receipt.Status.REPLACED: _("ĐÃ BỊ THAY THẾ"),
    }
    return FeeReceiptData(
        body=issuing_body_of(receipt.series.agency),
        form_number=receipt.series.form_number,
        number=receipt.number_text,
        symbol=receipt.series.symbol,
        paid_at=receipt.paid_at,
        payer_name=receipt.payer_name,
        payer_address=receipt.payer_address,
        payer_id_number=receipt.payer_id_number,
        dossier_code=receipt.dossier_code,
        procedure=receipt.procedure,
        lines=tuple(
            FeeReceiptLine(name=x["name"], amount=int(x["amount"]), note=x.get("note", "")) for x in receipt.lines
        ),
        total=receipt.total,
        method=receipt.method,
        transaction_ref=receipt.transaction_ref,
        collector=receipt.collector,
        refunded_note=_("ĐÃ HOÀN TIỀN") if payment.status == Payment.Status.REFUNDED else "",
        status_mark=str(marks.get(Receipt.Status(receipt.status), "")),
        replaces_note=replaces_text(receipt),
    )


def finalise_receipt_pdf(receipt: Receipt | None, pdf: bytes) -> bytes:
    """Every receipt PDF leaves through here: an issued receipt's signed PDF (made once with
    ``MOTCUA_SIGNING_SIGN_RECEIPTS`` and kept, ``receipt_signing.py``; served even if the setting is
    turned off later); otherwise ``pdf`` as rendered.

    Not signed: a cancelled or replaced receipt (its marked copy; the signed original is kept
    unchanged), a payment settled before numbering (``receipt`` None), and everything with signing off.
    """
    if receipt is None or receipt.status != Receipt.Status.ISSUED:
        return pdf
    if not receipt.signed_file and not receipt_signing.enabled():
        return pdf
    return receipt_signing.signed_receipt_pdf(receipt, pdf)  # a receipt once signed stays signed


def receipt_pdf(receipt: Receipt) -> bytes:
    if receipt.signed_file and receipt.status == Receipt.Status.ISSUED:
        return finalise_receipt_pdf(receipt, b"")  # the stored signed file: no rendering needed
    return finalise_receipt_pdf(receipt, render_fee_receipt_pdf(receipt_data(receipt)))


def fee_receipt_pdf(payment: Payment) -> bytes:
    """The PDF of a payment's receipt: its latest numbered receipt, else the unnumbered one."""
    receipt = latest_receipt(payment.pk)
    if receipt is not None:
        return receipt_pdf(receipt)
    return finalise_receipt_pdf(None, render_fee_receipt_pdf(fee_receipt_data(payment)))
