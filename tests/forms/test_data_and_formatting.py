"""Input validation and the Vietnamese date/number formatting used on the forms."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from motcua.forms.data import Applicant, ReceivedDocument
from motcua.forms.render import (
    format_clock_date,
    format_place_date,
    render_receipt_pdf,
    render_supplement_request_pdf,
)

from .pdfutil import normalise, pdf_text
from .samples import receipt, refusal, supplement_request


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 22, 3, 0, tzinfo=UTC), "Hoàn Kiếm, ngày 22 tháng 11 năm 2026"),
        (datetime(2026, 2, 4, 17, 0, tzinfo=UTC), "Hoàn Kiếm, ngày 05 tháng 02 năm 2026"),
        (datetime(2026, 1, 9, 12, 0, tzinfo=UTC), "Hoàn Kiếm, ngày 09 tháng 01 năm 2026"),
        (datetime(2026, 3, 1, 0, 0, tzinfo=UTC), "Hoàn Kiếm, ngày 01 tháng 3 năm 2026"),
        (datetime(2026, 12, 31, 16, 59, tzinfo=UTC), "Hoàn Kiếm, ngày 31 tháng 12 năm 2026"),
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), "Hoàn Kiếm, ngày 01 tháng 01 năm 2027"),
    ],
)
def test_place_date(moment: datetime, expected: str) -> None:
    assert format_place_date("Hoàn Kiếm", moment) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 24, 7, 5, tzinfo=UTC), "14 giờ 05 phút, ngày 24/11/2026"),
        (datetime(2026, 11, 24, 17, 0, tzinfo=UTC), "00 giờ 00 phút, ngày 25/11/2026"),
        (
            datetime(2026, 11, 24, 9, 5, tzinfo=timezone(timedelta(hours=7))),
            "09 giờ 05 phút, ngày 24/11/2026",
        ),
    ],
)
def test_clock_date(moment: datetime, expected: str) -> None:
    assert format_clock_date(moment) == expected


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 11, 24, 14, 5)
    with pytest.raises(ValueError, match="received_at must be a timezone-aware datetime"):
        receipt(received_at=naive)
    with pytest.raises(ValueError, match="issued_at"):
        supplement_request(issued_at=naive)
    with pytest.raises(ValueError, match="issued_at"):
        refusal(issued_at=naive)
    with pytest.raises(ValueError, match="a timezone-aware datetime is required"):
        format_clock_date(naive)


def test_other_invalid_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="qr_payload"):
        receipt(qr_payload="")
    with pytest.raises(ValueError, match="count"):
        ReceivedDocument("Giấy chứng sinh", "Bản chính", -1)


def test_number_symbol_and_blank_fields() -> None:
    pdf = render_receipt_pdf(receipt(number="125/TN-UBND", documents=[]))
    text = normalise(pdf_text(pdf))
    assert "Số: 125/TN-UBND " in text
    # The table is printed with its header row and no document row, right under its lead line.
    layout = pdf_text(pdf, layout=True)
    assert re.search(
        r"^1\. Thành phần hồ sơ nộp gồm:\n.*\n\s*STT\s+Tên loại giấy tờ\s+chính, bản sao,\s+Số lượng$", layout, re.M
    )
    assert "2. Số lượng hồ sơ: 1 (bộ)" in text
    pdf = render_supplement_request_pdf(supplement_request(number="", contact="", applicant=Applicant("Nguyễn Văn An")))
    text = normalise(pdf_text(pdf))
    assert "Số: …………………/HDHS " in text  # a blank for the officer to fill in
    assert "Số điện thoại: ………………… Email: …………………" in text
    assert "liên hệ với ………………… để được hướng dẫn" in text
