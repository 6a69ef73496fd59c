"""Render the printable forms of Circular 01/2018/TT-VPCP to PDF (A5 portrait).

HTML comes from the Django templates in ``templates/forms/`` (autoescaped), WeasyPrint turns it
into PDF. The font is bundled (``fonts/``), so the output does not depend on the fonts of the
machine, and nothing is ever fetched from the network: the URL fetcher only serves ``data:``
URLs and files inside this package.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

import qrcode
import qrcode.constants
from django.template import Context, Engine
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .data import (
    ApologyData,
    Applicant,
    IssuingBody,
    ReceiptData,
    RefusalData,
    SupplementRequestData,
)
from .header import A5_HEADER, header_context

__all__ = [
    "VIETNAM_TZ",
    "LocalOnlyURLFetcher",
    "format_clock_date",
    "format_place_date",
    "qr_svg_data_uri",
    "render_apology_pdf",
    "render_receipt_pdf",
    "render_refusal_pdf",
    "render_supplement_request_pdf",
]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
FORMS_TEMPLATES_DIR = TEMPLATES_DIR / "forms"
FONTS_DIR = PACKAGE_DIR / "fonts"

# A private engine: the form templates cannot be shadowed by another app's "forms/…" templates,
# and rendering does not depend on the project's TEMPLATES setting.
_ENGINE = Engine(dirs=[str(TEMPLATES_DIR)], app_dirs=False, autoescape=True, debug=False)

_BLANK = "…………………"


class LocalOnlyURLFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that never touches the network.

    It serves ``data:`` URLs and ``file:`` URLs of files inside the forms package (stylesheet,
    fonts), and refuses everything else. Failures stop the rendering (``fail_on_errors``), so a
    missing bundled font is an error rather than a silent fallback to a system font.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_relative_to(PACKAGE_DIR) and path.is_file():
                    return super().fetch(url, headers)
        raise ValueError(f"Refused to fetch {url!r}: only bundled files and data: URLs are allowed")


# --- formatting ---------------------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(VIETNAM_TZ)


def format_place_date(place: str, moment: datetime) -> str:
    """``"Hoàn Kiếm, ngày 05 tháng 02 năm 2026"`` in Vietnam time.

    Days below 10 and the months 1 and 2 take a leading zero (Decree 30/2020/NĐ-CP, annex I).
    """
    local = _local(moment)
    month = f"{local.month:02d}" if local.month < 3 else str(local.month)
    date_text = f"ngày {local.day:02d} tháng {month} năm {local.year}"
    place = place.strip()
    return f"{place}, {date_text}" if place else date_text


def format_clock_date(moment: datetime) -> str:
    """``"14 giờ 05 phút, ngày 24/11/2026"`` in Vietnam time."""
    local = _local(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {local:%d/%m/%Y}"


def _form_number(number: str, symbol: str) -> str:
    number = number.strip()
    if not number:
        return f"{_BLANK}/{symbol}"
    return number if "/" in number else f"{number}/{symbol}"


def _or_blank(value: str) -> str:
    value = value.strip()
    return value if value else _BLANK


def qr_svg_data_uri(payload: str) -> str:
    """A QR code (error correction M, 4-module quiet zone) as an SVG ``data:`` URI."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    size = len(matrix)
    path: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            run = x - start
            path.append(f"M{start} {y}h{run}v1h-{run}z")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{"".join(path)}" fill="#000"/></svg>'
    )
    encoded = base64.b64encode(svg.encode("ascii")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


# --- rendering ----------------------------------------------------------------------------------


def _common_context(
    *,
    body: IssuingBody,
    number: str,
    symbol: str,
    issued_at: datetime,
    dossier_code: str,
    applicant: Applicant,
    request: str,
) -> dict[str, Any]:
    return {
        **header_context(body.parent_name, body.name, A5_HEADER),
        "number": _form_number(number, symbol),
        "place_date": format_place_date(body.place, issued_at),
        "dossier_code": dossier_code.strip(),
        "applicant": {
            "name": _or_blank(applicant.name),
            "address": _or_blank(applicant.address),
            "phone": _or_blank(applicant.phone),
            "email": _or_blank(applicant.email),
        },
        "request": _or_blank(request),
    }


def _document(template_name: str, context: dict[str, Any]) -> Any:
    html = _ENGINE.get_template(template_name).render(Context(context, autoescape=True))
    return HTML(
        string=html,
        base_url=FORMS_TEMPLATES_DIR.as_uri() + "/",
        url_fetcher=LocalOnlyURLFetcher(),
        media_type="print",
    ).render()


def _render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    pdf: bytes = _document(template_name, context).write_pdf()
    return pdf


# Tighter settings of forms.css (body.fit-1 … body.fit-3) tried in turn until a form fits one page.
FIT_LEVELS = 4


def _render_one_page_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render at the first density level that fits one page; content that fits none flows onto
    more pages at the normal size (the documents table then repeats its header)."""
    first = _document(template_name, {**context, "fit_class": ""})
    if len(first.pages) > 1:
        for level in range(1, FIT_LEVELS):
            document = _document(template_name, {**context, "fit_class": f" fit-{level}"})
            if len(document.pages) == 1:
                pdf: bytes = document.write_pdf()
                return pdf
    pdf = first.write_pdf()
    return pdf


def render_receipt_pdf(data: ReceiptData) -> bytes:
    """Mẫu 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    context = _common_context(
        body=data.body,
        number=data.number,
        symbol="TN",
        issued_at=data.issued_at,
        dossier_code=data.dossier_code,
        applicant=data.applicant,
        request=data.request,
    )
    context.update(
        {
            "documents": [{"name": doc.name, "form": doc.form, "count": str(doc.count)} for doc in data.documents],
            "sets_count": str(data.sets_count),
            "processing_time": _or_blank(data.processing_time_text),
            "received_at": format_clock_date(data.received_at),
            "due_at": format_clock_date(data.due_at),
            "result_place": _or_blank(data.result_place),
            "register_book": _or_blank(data.register_book),
            "register_entry": _or_blank(data.register_entry),
            "officer_name": data.officer_name.strip(),
            "applicant_signature_name": data.applicant.name.strip(),
            "qr_uri": qr_svg_data_uri(data.qr_payload),
            "qr_payload": data.qr_payload,
            "show_qr_payload": data.qr_payload.strip() != data.dossier_code.strip(),
        }
    )
    return _render_one_page_pdf("forms/receipt.html", context)


def render_supplement_request_pdf(data: SupplementRequestData) -> bytes:
    """Mẫu 02 - Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    context = _common_context(
        body=data.body,
        number=data.number,
        symbol="HDHS",
        issued_at=data.issued_at,
        dossier_code=data.dossier_code,
        applicant=data.applicant,
        request=data.request,
    )
    context.update(
        {
            "items": [{"name": item.name, "reason": item.reason} for item in data.items],
            "contact": _or_blank(data.contact),
            "officer_name": data.officer_name.strip(),
        }
    )
    return _render_one_page_pdf("forms/supplement_request.html", context)


def render_refusal_pdf(data: RefusalData) -> bytes:
    """Mẫu 03 - Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    context = _common_context(
        body=data.body,
        number=data.number,
        symbol="TCHS",
        issued_at=data.issued_at,
        dossier_code=data.dossier_code,
        applicant=data.applicant,
        request=data.request,
    )
    context.update(
        {
            "reasons": [reason for reason in data.reasons if reason.strip()],
            "officer_name": data.officer_name.strip(),
            "signature_title": data.signature_title.strip().upper(),
            "officer_position": data.officer_position.strip(),
            "officer_body": data.officer_body.strip(),
        }
    )
    return _render_one_page_pdf("forms/refusal.html", context)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def render_apology_pdf(data: ApologyData) -> bytes:
    """Mẫu 04 - Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    context = _common_context(
        body=data.body,
        number=data.number,
        symbol="PXL",
        issued_at=data.issued_at,
        dossier_code=data.dossier_code,
        applicant=data.applicant,
        request=data.request,
    )
    position = data.signer_position.strip()
    context.update(
        {
            "body_label": data.body_label.strip(),
            "addressee": data.addressee.strip() or "Ông/Bà",
            "received_date": f"{_local(data.received_at):%d/%m/%Y}",
            "due_at": format_clock_date(data.due_at),
            "new_due_at": format_clock_date(data.new_due_at),
            "reasons": _lines(data.reason),
            "signature_title": position.upper() if position else "THỦ TRƯỞNG CƠ QUAN",
            "signer_name": data.signer_name.strip(),
        }
    )
    return _render_one_page_pdf("forms/apology.html", context)
