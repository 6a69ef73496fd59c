"""Biên lai thu phí, lệ phí (receipt of fees and charges) as an A5 PDF.

Contents follow Decree 123/2020/NĐ-CP art. 32 (receipts of fees and charges): the name of the
receipt, its form symbol and number, the collecting body, the payer, the fee or charge and the
amount in figures and in words, the date, the collector. Pure: a frozen dataclass in, bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .data import IssuingBody
from .header import A5_HEADER, header_context
from .render import _render_pdf, format_clock_date, format_place_date

__all__ = ["FeeReceiptData", "FeeReceiptLine", "amount_in_words", "format_vnd", "render_fee_receipt_pdf"]

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


@dataclass(frozen=True)
class FeeReceiptLine:
    name: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class FeeReceiptData:
    body: IssuingBody
    number: str
    symbol: str
    paid_at: datetime
    payer_name: str
    payer_address: str
    payer_id_number: str
    dossier_code: str
    procedure: str
    lines: tuple[FeeReceiptLine, ...]
    total: int
    method: str
    transaction_ref: str
    collector: str = ""
    refunded_note: str = ""
    form_number: str = ""  # mẫu số of the series; empty on receipts issued before numbering
    # "ĐÃ HỦY" on a cancelled receipt; "Bản thay thế cho biên lai số …" on a replacement
    status_mark: str = ""
    replaces_note: str = ""


def format_vnd(amount: int) -> str:
    """``10000`` → ``"10.000"`` (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def _three(n: int, full: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (full or hundreds):
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """``125000`` → ``"Một trăm hai mươi lăm nghìn đồng"``."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0:
        return "Không đồng"
    groups = []
    n = amount
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words += _three(g, full=i < len(groups) - 1)
        if _GROUPS[i]:
            words.append(_GROUPS[i])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


def render_fee_receipt_pdf(data: FeeReceiptData) -> bytes:
    """Render the receipt of fees and charges (Decree 123/2020/NĐ-CP art. 32) as PDF."""
    context = {
        **header_context(data.body.parent_name, data.body.name, A5_HEADER),
        "number": data.number,
        "symbol": data.symbol,
        "place_date": format_place_date(data.body.place, data.paid_at),
        "dossier_code": data.dossier_code,
        "payer_name": data.payer_name,
        "payer_address": data.payer_address or "…………………",
        "payer_id_number": data.payer_id_number or "…………………",
        "procedure": data.procedure,
        "lines": [{"name": line.name, "amount": format_vnd(line.amount), "note": line.note} for line in data.lines],
        "total": format_vnd(data.total),
        "total_words": amount_in_words(data.total),
        "method": data.method,
        "transaction_ref": data.transaction_ref,
        "paid_at": format_clock_date(data.paid_at),
        "collector": data.collector,
        "refunded_note": data.refunded_note,
        "form_number": data.form_number,
        "status_mark": data.status_mark,
        "replaces_note": data.replaces_note,
    }
    return _render_pdf("forms/fee_receipt.html", context)
