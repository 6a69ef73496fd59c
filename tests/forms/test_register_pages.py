"""Mẫu 06 over several pages: every page A4 landscape with the column headings, every row once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from motcua.forms.register import RegisterData, RegisterRow, render_register_pdf

from .pdfutil import pdf_text, pdfinfo
from .printcheck import register_rows
from .samples import BODY


def test_a_long_register_repeats_its_headings_on_every_page() -> None:
    rows = [
        RegisterRow(
            dossier_code=f"H26.101-261123-{n:04d}",
            procedure="Chứng thực bản sao từ bản chính",
            sets_count=1,
            applicant_name=f"Người nộp số {n}",
            address="Số 1 Hàng Bạc",
            phone="0912345678",
            handling_body="Ủy ban nhân dân Phường Hoàn Kiếm",
            received_at=datetime(2026, 11, 23, 2, n % 60, tzinfo=UTC),
            due_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
            returned_at=None,
            collected="",
            note="",
        )
        for n in range(1, 61)
    ]
    pdf = render_register_pdf(
        RegisterData(
            body=BODY,
            body_label="Bộ phận Một cửa",
            date_from=date(2026, 11, 23),
            date_to=date(2026, 11, 23),
            issued_at=datetime(2026, 11, 23, 3, tzinfo=UTC),
            rows=rows,
        )
    )
    info = pdfinfo(pdf)
    pages = int(info["Pages"])
    assert pages >= 3 and info["Page size"] == "841.89 x 595.276 pts (A4)"
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page=page)
        assert "Tên thủ tục hành chính" in text and f"Trang {page}/{pages}" in text
    read = register_rows(pdf)
    assert [(r[0], r[1], r[4], r[5], r[7], r[8]) for r in read] == [
        (
            str(n),
            f"H26.101-261123-{n:04d}",
            f"Người nộp số {n}",
            "Số 1 Hàng Bạc; 0912345678",
            "23/11/2026",
            "23/11/2026",
        )
        for n in range(1, 61)
    ]


def test_the_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="date_to"):
        RegisterData(
            body=BODY,
            body_label="",
            date_from=date(2026, 11, 2),
            date_to=date(2026, 11, 1),
            issued_at=datetime(2026, 11, 23, tzinfo=UTC),
            rows=[],
        )
