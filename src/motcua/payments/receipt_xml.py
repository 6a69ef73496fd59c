"""The machine-readable XML of a fee receipt (biên lai điện tử thu phí, lệ phí).

The layout is this project's own, documented in ``docs/receipts.md`` and fixed by the XSD beside
this module (``schemas/bien-lai-1.0.xsd``). Its element names follow the tax authority's XML layout
of e-invoices (Decision 1450/QĐ-TCT: ``TTChung`` general data, ``KHMSHDon``/``KHHDon``/``SHDon``
form symbol, symbol, number, ``TTHDLQuan`` the related invoice of a replacement, ``NDHDon`` content,
``TToan`` totals, ``DSCKS`` signatures) with "BLai" (biên lai) in place of "HDon"; the official
layout for receipts of fees and charges was not available offline, so the format carries its own
version (``PBan``) and should be mapped to the official one when it is confirmed (legal review).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from motcua.core.clock import VN_TZ
from motcua.forms.fee_receipt import amount_in_words
from motcua.payments.models import Receipt

VERSION = "1.0"
XSD_PATH = Path(__file__).parent / "schemas" / "bien-lai-1.0.xsd"
STATUS_CODES = {Receipt.Status.ISSUED: "1", Receipt.Status.CANCELLED: "3", Receipt.Status.REPLACED: "4"}


def _sub(parent: ET.Element, tag: str, text: str | int | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = str(text)
    return el


def _time(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def receipt_element(receipt: Receipt) -> ET.Element:
    series = receipt.series
    root = ET.Element("BLai")
    data = _sub(root, "DLBLai")
    data.set("Id", f"BL{receipt.pk}")
    general = _sub(data, "TTChung")
    _sub(general, "PBan", VERSION)
    _sub(general, "TBLai", "Biên lai thu phí, lệ phí")
    _sub(general, "KHMSBLai", series.form_number)
    _sub(general, "KHBLai", series.symbol)
    _sub(general, "SBLai", receipt.number_text)
    _sub(general, "NLap", _time(receipt.issued_at))
    _sub(general, "DVTTe", receipt.payment.currency or "VND")
    _sub(general, "TThai", STATUS_CODES[Receipt.Status(receipt.status)])
    old = receipt.replaces
    if old is not None:
        related = _sub(general, "TTBLLQuan")
        _sub(related, "TCBLai", "1")  # 1: replacement (thay thế), as TCHDon of the invoice layout
        _sub(related, "KHMSBLCLQuan", old.series.form_number)
        _sub(related, "KHBLCLQuan", old.series.symbol)
        _sub(related, "SBLCLQuan", old.number_text)
        _sub(related, "NLBLCLQuan", _time(old.issued_at))
        _sub(related, "LDo", receipt.replace_reason)
    content = _sub(data, "NDBLai")
    body = _sub(content, "TCThu")
    _sub(body, "Ten", series.agency.name)
    _sub(body, "MCQuan", series.agency.code)
    payer = _sub(content, "NNop")
    _sub(payer, "Ten", receipt.payer_name)
    if receipt.payer_id_number:
        _sub(payer, "SGTo", receipt.payer_id_number)
    if receipt.payer_address:
        _sub(payer, "DChi", receipt.payer_address)
    dossier = _sub(content, "HSo")
    _sub(dossier, "MHSo", receipt.dossier_code)
    if receipt.procedure:
        _sub(dossier, "TTTHC", receipt.procedure)
    lines = _sub(content, "DSKThu")
    for i, line in enumerate(receipt.lines, start=1):
        item = _sub(lines, "KThu")
        _sub(item, "STT", i)
        _sub(item, "Ten", line["name"])
        _sub(item, "STien", int(line["amount"]))
        if line.get("note"):
            _sub(item, "GChu", line["note"])
    totals = _sub(content, "TToan")
    _sub(totals, "TgTTTBSo", receipt.total)
    _sub(totals, "TgTTTBChu", amount_in_words(receipt.total))
    _sub(totals, "HTTToan", receipt.method)
    if receipt.transaction_ref:
        _sub(totals, "MGDich", receipt.transaction_ref)
    _sub(totals, "TDTToan", _time(receipt.paid_at))
    if receipt.collector:
        _sub(content, "NThu", receipt.collector)
    if receipt.status == Receipt.Status.CANCELLED and receipt.cancelled_at is not None:
        cancelled = _sub(data, "TTHuy")
        _sub(cancelled, "LDo", receipt.cancel_reason)
        _sub(cancelled, "NHuy", _time(receipt.cancelled_at))
        if receipt.cancelled_by is not None:
            _sub(cancelled, "NgHuy", receipt.cancelled_by.display_name)
    # DSCKS (the signatures) is left out: the body's XML signature comes with the signing service.
    return root


def receipt_xml(receipt: Receipt) -> bytes:
    """The receipt as UTF-8 XML with its declaration."""
    return bytes(ET.tostring(receipt_element(receipt), encoding="utf-8", xml_declaration=True))
