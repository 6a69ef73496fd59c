"""XLSX export of the statutory report, with the Vietnamese column headings of Biểu 06."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.stats.services.report import level_label

HEADINGS = {
    "field_code": "Mã lĩnh vực",
    "field_name": "Lĩnh vực",
    "level": "Cấp",
    "received_total": "Số hồ sơ nhận giải quyết - Tổng số",
    "received_online": "Trong đó: Số mới tiếp nhận trực tuyến",
    "received_offline": "Số mới tiếp nhận (trực tiếp, bưu chính)",
    "carried_over": "Số kỳ trước chuyển qua",
    "resolved_total": "Số hồ sơ đã giải quyết - Tổng số",
    "resolved_early": "Trước hạn",
    "resolved_on_time": "Đúng hạn",
    "resolved_late": "Quá hạn",
    "in_progress_total": "Số hồ sơ đang giải quyết - Tổng số",
    "in_progress_in_time": "Trong hạn",
    "in_progress_overdue": "Quá hạn",
}


def report_xlsx(rows: list[dict[str, Any]], date_from: date, date_to: date) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bieu 06"
    ws.append([f"Tình hình, kết quả giải quyết TTHC từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"])
    ws["A1"].font = Font(bold=True)
    ws.append(list(HEADINGS.values()))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    with translation.override("vi"):  # a Vietnamese form whatever the page's language: "Cấp xã", not "commune"
        for row in rows:
            ws.append([level_label(row[k]) if k == "level" else row[k] for k in HEADINGS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
