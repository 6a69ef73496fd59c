"""Mẫu 06 - Sổ theo dõi hồ sơ (Circular 01/2018/TT-VPCP, annex): the register of the dossiers a
body received in a period, A4 landscape, as PDF and as XLSX.

One row per dossier: number, dossier code, procedure, sets, applicant, address and phone,
handling body, the dates received, due and returned, how the result was collected, a blank for
the signature of who collected it, and a note. Pure: frozen dataclasses in, bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .data import IssuingBody
from .header import A4_LANDSCAPE_HEADER, header_context
from .render import _local, _render_pdf, format_place_date

__all__ = ["COLUMNS", "RegisterData", "RegisterRow", "render_register_pdf", "render_register_xlsx"]

# (heading, XLSX column width)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Mã hồ sơ", 22),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 9),
    ("Tên cá nhân, tổ chức", 24),
    ("Địa chỉ, số điện thoại", 32),
    ("Cơ quan chủ trì giải quyết", 26),
    ("Ngày nhận hồ sơ", 12),
    ("Ngày hẹn trả kết quả", 12),
    ("Ngày trả kết quả", 12),
    ("Phương thức nhận kết quả", 16),
    ("Ký nhận", 12),
    ("Ghi chú", 30),
)
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class RegisterRow:
    dossier_code: str
    procedure: str
    sets_count: int
    applicant_name: str
    address: str
    phone: str
    handling_body: str
    received_at: datetime
    due_at: datetime | None
    returned_at: datetime | None
    collected: str  # how the result was collected ("Trực tiếp", "Qua bưu chính công ích", …) or ""
    note: str = ""


@dataclass(frozen=True)
class RegisterData:
    """Mẫu 06 of one body for the days ``date_from`` … ``date_to`` (both included)."""

    body: IssuingBody
    body_label: str  # the body's name as written in a sentence
    date_from: date
    date_to: date
    issued_at: datetime
    rows: Sequence[RegisterRow]

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError("RegisterData.date_to must not be before date_from")


def _day(moment: datetime | None) -> date | None:
    return _local(moment).date() if moment is not None else None


def _text_day(moment: datetime | None) -> str:
    day = _day(moment)
    return f"{day:%d/%m/%Y}" if day else ""


def _contact(row: RegisterRow) -> str:
    return "; ".join(part for part in (row.address.strip(), row.phone.strip()) if part)


def _period(data: RegisterData) -> str:
    return f"Từ ngày {data.date_from:%d/%m/%Y} đến ngày {data.date_to:%d/%m/%Y}"


def render_register_pdf(data: RegisterData) -> bytes:
    """Render Mẫu 06 to PDF bytes (A4 landscape; the column headings repeat on every page)."""
    context = {
        **header_context(data.body.parent_name, data.body.name, A4_LANDSCAPE_HEADER),
        "place_date": format_place_date(data.body.place, data.issued_at),
        "body_label": data.body_label,
        "period": _period(data),
        "headings": [heading for heading, _ in COLUMNS],
        "rows": [
            {
                "code": r.dossier_code,
                "procedure": r.procedure,
                "sets": str(r.sets_count),
                "applicant": r.applicant_name,
                "contact": _contact(r),
                "handling": r.handling_body,
                "received": _text_day(r.received_at),
                "due": _text_day(r.due_at),
                "returned": _text_day(r.returned_at),
                "collected": r.collected,
                "note": r.note,
            }
            for r in data.rows
        ],
    }
    return _render_pdf("forms/register.html", context)


def render_register_xlsx(data: RegisterData) -> bytes:
    """Render Mẫu 06 as a workbook: title lines, the headings on row 5, one row per dossier from
    row 6. Dates are date cells shown dd/mm/yyyy."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Mau 06"
    last = get_column_letter(len(COLUMNS))
    ws.append(["SỔ THEO DÕI HỒ SƠ"])
    ws.append([data.body_label])
    ws.append([_period(data)])
    ws.append([])
    ws.append([heading for heading, _ in COLUMNS])
    for number in (1, 2, 3):
        ws.merge_cells(f"A{number}:{last}{number}")
        ws[f"A{number}"].alignment = Alignment(horizontal="center")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"].font = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=5, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    for number, r in enumerate(data.rows, start=1):
        ws.append(
            [
                number,
                r.dossier_code,
                r.procedure,
                r.sets_count,
                r.applicant_name,
                _contact(r),
                r.handling_body,
                _day(r.received_at),
                _day(r.due_at),
                _day(r.returned_at),
                r.collected,
                "",
                r.note,
            ]
        )
        for index in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=ws.max_row, column=index)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if 8 <= index <= 10:
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A6"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "5:5"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
