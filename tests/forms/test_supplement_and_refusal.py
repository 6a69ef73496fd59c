"""Mẫu 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) and Mẫu 03 (Phiếu từ chối tiếp nhận)."""

from __future__ import annotations

import re

import pytest

from motcua.forms.data import SupplementItem
from motcua.forms.render import render_refusal_pdf, render_supplement_request_pdf

from .pdfutil import A5_HEIGHT_PT, A5_WIDTH_PT, normalise, page_sizes, pdf_text
from .samples import DOSSIER_CODE, refusal, supplement_request


def _stripped_lines(pdf: bytes) -> list[str]:
    return [line.strip() for line in pdf_text(pdf, layout=True).splitlines()]


@pytest.mark.parametrize("fixture", ["supplement_request_pdf", "refusal_pdf"])
def test_one_a5_page_with_the_shared_header(fixture: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(fixture)
    sizes = page_sizes(pdf)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx((A5_WIDTH_PT, A5_HEIGHT_PT), abs=1)
    lines = _stripped_lines(pdf)
    assert re.match(r"^UBND QUẬN HOÀN KIẾM\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$", lines[0])
    assert re.match(r"^BỘ PHẬN MỘT CỬA\s+Độc lập - Tự do - Hạnh phúc$", lines[1])
    # 02:00 UTC on 5 February is 09:00 the same day in Vietnam; day < 10 and months 1-2 take
    # a leading zero.
    assert any(re.search(r"\s+Hoàn Kiếm, ngày 05 tháng 02 năm 2026$", line) for line in lines)


def test_supplement_request(supplement_request_pdf: bytes) -> None:
    lines = _stripped_lines(supplement_request_pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in lines
    assert any(line.startswith("Số: 12/HDHS ") for line in lines)
    text = normalise(pdf_text(supplement_request_pdf))
    expected = [
        f"Mã hồ sơ: {DOSSIER_CODE}",
        "Hồ sơ của: Nguyễn Thị Hằng",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Địa chỉ: Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
        "Số điện thoại: 0912 345 678 Email: hang.nguyen@example.vn",
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
        "1. Giấy chứng sinh Lý do: Bản đã nộp bị mờ, không đọc được số",
        "2. Giấy chứng nhận kết hôn của cha, mẹ Lý do: Cần bản sao có chứng thực",
        "3. Tờ khai đăng ký khai sinh Lý do: Thiếu chữ ký của người đi đăng ký",
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với bà Lê Thị Mai, "
        "số điện thoại 024 3825 1234 để được hướng dẫn./.",
        "NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) Lê Thị Mai",
    ]
    positions = []
    for fragment in expected:
        assert fragment in text, fragment
        positions.append(text.index(fragment))
    assert positions == sorted(positions)


def test_supplement_items_are_numbered_in_the_given_order() -> None:
    items = [SupplementItem(f"Giấy tờ thứ {n}", f"lý do {n}") for n in range(1, 13)]
    pdf = render_supplement_request_pdf(supplement_request(items=tuple(items)))
    layout = pdf_text(pdf, layout=True)
    found = re.findall(r"^\s*(\d+)\.\s+Giấy tờ thứ (\d+)\s*$", layout, re.M)
    assert [(int(a), int(b)) for a, b in found] == [(n, n) for n in range(1, 13)]
    assert re.findall(r"^\s*Lý do: lý do (\d+)\s*$", layout, re.M) == [str(n) for n in range(1, 13)]


def test_refusal(refusal_pdf: bytes) -> None:
    lines = _stripped_lines(refusal_pdf)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in lines
    assert any(line.startswith("Số: 7/TCHS ") for line in lines)  # given with its symbol
    text = normalise(pdf_text(refusal_pdf))
    expected = [
        f"Mã hồ sơ: {DOSSIER_CODE}",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Hằng",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Qua xem xét, cơ quan, đơn vị tiếp nhận hồ sơ thông báo không tiếp nhận, giải quyết "
        "hồ sơ này với lý do cụ thể như sau:",
        "1. Hồ sơ không thuộc thẩm quyền giải quyết của UBND quận Hoàn Kiếm",
        "2. Người nộp không xuất trình được giấy tờ tùy thân",
        "Xin thông báo để ông/bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Văn Đức",
    ]
    positions = []
    for fragment in expected:
        assert fragment in text, fragment
        positions.append(text.index(fragment))
    assert positions == sorted(positions)


def test_refusal_skips_blank_reasons_and_numbers_the_rest() -> None:
    pdf = render_refusal_pdf(refusal(reasons=["Lý do thứ nhất", "   ", "Lý do thứ hai"]))
    layout = pdf_text(pdf, layout=True)
    assert re.findall(r"^\s*(\d+)\.\s+(Lý do thứ \w+)\s*$", layout, re.M) == [
        ("1", "Lý do thứ nhất"),
        ("2", "Lý do thứ hai"),
    ]
