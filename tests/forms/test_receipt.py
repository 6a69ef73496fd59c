"""Mẫu 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả, checked on the real PDF."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from motcua.forms.data import Applicant, ReceivedDocument
from motcua.forms.render import render_receipt_pdf

from .pdfutil import (
    A5_HEIGHT_PT,
    A5_WIDTH_PT,
    MM,
    decode_qr_codes,
    fonts,
    normalise,
    page_sizes,
    pdf_text,
    rasterise,
    words,
)
from .samples import DOSSIER_CODE, TRACKING_URL, receipt

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


def test_one_a5_portrait_page(receipt_pdf: bytes) -> None:
    sizes = page_sizes(receipt_pdf)
    assert len(sizes) == 1
    width, height = sizes[0]
    assert width == pytest.approx(A5_WIDTH_PT, abs=1)
    assert height == pytest.approx(A5_HEIGHT_PT, abs=1)


def test_header_title_and_numbering(receipt_pdf: bytes) -> None:
    lines = [line.strip() for line in pdf_text(receipt_pdf, layout=True).splitlines()]
    # Left column: parent body, then the body in caps; right column: the national motto.
    assert re.match(r"^UBND QUẬN HOÀN KIẾM\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$", lines[0])
    assert re.match(r"^BỘ PHẬN MỘT CỬA\s+Độc lập - Tự do - Hạnh phúc$", lines[1])
    # Number on the left, place and date on the right of the same line; the date is the
    # Vietnamese day of issued_at (21 Nov 18:30 UTC is 22 Nov 01:30 in Vietnam).
    assert any(re.fullmatch(r"Số: 125/TN\s+Hoàn Kiếm, ngày 22 tháng 11 năm 2026", line) for line in lines)
    assert TITLE in lines


def test_content_fields_in_vietnam_time(receipt_pdf: bytes) -> None:
    text = normalise(pdf_text(receipt_pdf))
    expected = [
        f"Mã hồ sơ: {DOSSIER_CODE}",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Hằng",
        "Địa chỉ: Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
        "Số điện thoại: 0912 345 678 Email: hang.nguyen@example.vn",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1. Thành phần hồ sơ nộp gồm:",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 24/11/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 01/12/2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND quận Hoàn Kiếm, số 126 Hàng Trống",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 03/2026, Số thứ tự: 1257",
    ]
    for fragment in expected:
        assert fragment in text, fragment
    # The fields come in the order of the official form.
    positions = [text.index(fragment) for fragment in expected]
    assert positions == sorted(positions)
    # The tracking URL is printed in small type under the code (it may wrap at any point).
    assert f"Tracứu:{TRACKING_URL}" in "".join(text.split())


def test_documents_table_rows(receipt_pdf: bytes) -> None:
    lines = pdf_text(receipt_pdf, layout=True).splitlines()
    rows = [
        (1, "Tờ khai đăng ký khai sinh", "Bản chính", 1),
        (2, "Giấy chứng sinh", "Bản chính", 1),
        (3, "Giấy chứng nhận kết hôn của cha, mẹ", "Bản sao", 2),
    ]
    for number, name, form, count in rows:
        pattern = rf"\s*{number}\s+{re.escape(name)}\s+{form}\s+{count}\s*"
        assert any(re.fullmatch(pattern, line) for line in lines), name
    assert any(re.fullmatch(r"\s*STT\s+Tên loại giấy tờ\s+.*Số lượng\s*", ln) for ln in lines)


def test_signature_blocks(receipt_pdf: bytes) -> None:
    lines = [line.strip() for line in pdf_text(receipt_pdf, layout=True).splitlines()]
    assert any(re.fullmatch(r"NGƯỜI NỘP HỒ SƠ\s+NGƯỜI TIẾP NHẬN HỒ SƠ", ln) for ln in lines)
    assert any(re.fullmatch(r"\(Ký và ghi rõ họ tên\)\s+\(Ký và ghi rõ họ tên\)", ln) for ln in lines)
    assert any(re.fullmatch(r"Nguyễn Thị Hằng\s+Trần Văn Đức", ln) for ln in lines)


def test_time_in_another_zone_is_printed_in_vietnam_time() -> None:
    tokyo = timezone(timedelta(hours=9))
    pdf = render_receipt_pdf(
        receipt(
            received_at=datetime(2026, 11, 25, 0, 5, tzinfo=tokyo),  # 24 Nov 22:05 in Vietnam
            due_at=datetime(2026, 12, 2, 1, 0, tzinfo=tokyo),  # 1 Dec 23:00 in Vietnam
        )
    )
    text = normalise(pdf_text(pdf))
    assert "4. Thời gian nhận hồ sơ: 22 giờ 05 phút, ngày 24/11/2026" in text
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 23 giờ 00 phút, ngày 01/12/2026" in text


def test_qr_code_decodes_to_payload(receipt_pdf: bytes, tmp_path: Path) -> None:
    png = rasterise(receipt_pdf, tmp_path, dpi=200)
    assert decode_qr_codes(png) == [TRACKING_URL]


def test_qr_code_of_the_dossier_code_alone(tmp_path: Path) -> None:
    pdf = render_receipt_pdf(receipt(qr_payload=DOSSIER_CODE))
    assert decode_qr_codes(rasterise(pdf, tmp_path, dpi=200)) == [DOSSIER_CODE]
    text = normalise(pdf_text(pdf))
    assert "Tra cứu" not in text  # the payload is printed only when it is not the code itself
    assert f"Mã hồ sơ: {DOSSIER_CODE}" in text


def test_bundled_font_is_embedded_and_covers_vietnamese(receipt_pdf: bytes) -> None:
    found = fonts(receipt_pdf)
    names = {re.sub(r"^[A-Z]{6}\+", "", font.base_font.lstrip("/")) for font in found}
    # Only the two bundled faces (named after the @font-face family), nothing from the system.
    assert names == {"MotCua-Serif-Semi-Condensed", "MotCua-Serif-Bold-Semi-Condensed"}
    assert all(font.embedded_file for font in found)
    assert all(font.subtype == "/Type0" for font in found)
    text = pdf_text(receipt_pdf)
    for character in ("ễ", "ự", "Đ", "ằ", "ầ", "Ư"):
        assert character in text, character
    assert "\ufffd" not in text


def _vietnamese_letters() -> list[str]:
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền sắc hỏi ngã nặng
    vowels = "aăâeêioôơuưy"
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones] + ["đ"]
    return lower + [c.upper() for c in lower]


def test_every_vietnamese_letter_has_a_glyph() -> None:
    letters = _vietnamese_letters()
    assert len(letters) == 146 and all(len(c) == 1 for c in letters)
    sample = " ".join("".join(letters[i : i + 12]) for i in range(0, len(letters), 12))
    pdf = render_receipt_pdf(receipt(request=sample, applicant=Applicant(name=sample)))
    text = pdf_text(pdf)
    missing = [c for c in letters if c not in text]
    assert missing == []
    names = {re.sub(r"^[A-Z]{6}\+", "", f.base_font.lstrip("/")) for f in fonts(pdf)}
    assert names == {"MotCua-Serif-Semi-Condensed", "MotCua-Serif-Bold-Semi-Condensed"}


def test_pdf_metadata(receipt_pdf: bytes) -> None:
    from .pdfutil import reader

    metadata = reader(receipt_pdf).metadata
    assert metadata is not None
    assert metadata.title == f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả - {DOSSIER_CODE}"


LONG_REQUEST = (
    "Cấp giấy phép xây dựng nhà ở tại đô thị, công trình có tầng hầm, "
    "chiều cao bảy tầng, diện tích sàn xây dựng một nghìn hai trăm mét vuông, "
    "nằm trong khu vực có quy hoạch chi tiết tỷ lệ một phần năm trăm đã được "
    "cơ quan nhà nước có thẩm quyền phê duyệt; đề nghị điều chỉnh thiết kế mặt "
    "đứng, bổ sung thêm phương án phòng cháy chữa cháy và phương án đấu nối hạ tầng "
    "kỹ thuật theo ý kiến của Sở Xây dựng."
)


def _long_receipt_pdf() -> bytes:
    documents = [ReceivedDocument(f"Bản vẽ thiết kế số {i:02d} kèm thuyết minh", "Bản sao", i) for i in range(1, 26)]
    return render_receipt_pdf(receipt(request=LONG_REQUEST, documents=documents))


def test_long_receipt_flows_onto_a_second_page() -> None:
    assert len(LONG_REQUEST) == 400
    pdf = _long_receipt_pdf()
    sizes = page_sizes(pdf)
    assert len(sizes) == 2
    assert all(size == pytest.approx((A5_WIDTH_PT, A5_HEIGHT_PT), abs=1) for size in sizes)

    first, last = pdf_text(pdf, page=1), pdf_text(pdf, page=2)
    assert TITLE in first
    assert LONG_REQUEST in normalise(first)
    assert "NGƯỜI NỘP HỒ SƠ" not in first
    # The last page ends with the signature block, and the table header repeats there.
    for fragment in ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Đức"):
        assert fragment in last
    assert "Tên loại giấy tờ" in last
    assert "Trang 2/2" in last
    # Every row is printed once, in order, across the two pages.
    layout = pdf_text(pdf, layout=True)
    rows = re.findall(r"^\s*(\d+)\s+Bản vẽ thiết kế số (\d+) kèm thuyết minh\s+Bản sao\s+(\d+)\s*$", layout, re.M)
    assert [tuple(map(int, row)) for row in rows] == [(n, n, n) for n in range(1, 26)]


def test_long_unbroken_values_wrap_inside_the_page() -> None:
    long_token = "X" * 180
    pdf = render_receipt_pdf(
        receipt(
            applicant=Applicant(
                name="Nguyễn Thị Hằng " * 8,
                address="Số 12 " + long_token,
                phone="0912345678" * 6,
                email=f"{'hang' * 30}@example.vn",
            ),
            documents=[ReceivedDocument("Giấy" + "Y" * 150, "Bản sao có chứng thực" * 3, 1)],
            result_place="Z" * 200,
        )
    )
    right_edge = A5_WIDTH_PT - 10 * MM  # right page margin of the stylesheet
    boxes = words(pdf)
    assert boxes, "no text extracted"
    overflowing = [w for w in boxes if w.x_max > right_edge + 0.5 or w.x_min < 15 * MM - 0.5]
    assert overflowing == []
    # The long token is all there, broken over several lines.
    assert "X" * 180 in "".join(normalise(pdf_text(pdf)).split())
