"""Mẫu 05 - Phiếu kiểm soát quá trình giải quyết hồ sơ (Thông tư 01/2018/TT-VPCP), A4 landscape.

One row per hand-over: who handed the dossier over (body, person), to whom, when, and whether the
step that ended there finished early, on time or late. Pure: a frozen dataclass in, bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .data import IssuingBody
from .header import A4_LANDSCAPE_HEADER, header_context
from .render import _render_pdf, format_clock_date, format_place_date

__all__ = ["ControlSheetData", "ControlSheetRow", "render_control_sheet_pdf"]

RESULT_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


@dataclass(frozen=True)
class ControlSheetRow:
    from_body: str
    from_person: str
    to_body: str
    to_person: str
    at: datetime
    result: str  # "early" / "on_time" / "late" / "" (not classified)
    note: str = ""


@dataclass(frozen=True)
class ControlSheetData:
    body: IssuingBody
    dossier_code: str
    applicant_name: str
    procedure: str
    received_at: datetime | None
    due_at: datetime | None
    issued_at: datetime
    rows: tuple[ControlSheetRow, ...]


def render_control_sheet_pdf(data: ControlSheetData) -> bytes:
    """Render Mẫu 05 to PDF bytes."""
    context = {
        **header_context(data.body.parent_name, data.body.name, A4_LANDSCAPE_HEADER),
        "place_date": format_place_date(data.body.place, data.issued_at),
        "dossier_code": data.dossier_code,
        "applicant_name": data.applicant_name,
        "procedure": data.procedure,
        "received_at": format_clock_date(data.received_at) if data.received_at else "",
        "due_at": format_clock_date(data.due_at) if data.due_at else "",
        "rows": [
            {
                "from_body": r.from_body,
                "from_person": r.from_person,
                "to_body": r.to_body,
                "to_person": r.to_person,
                "at": format_clock_date(r.at),
                "result": RESULT_LABELS.get(r.result, ""),
                "note": r.note,
            }
            for r in data.rows
        ],
    }
    return _render_pdf("forms/control_sheet.html", context)
