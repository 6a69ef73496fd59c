"""Mẫu 01 of real demo dossiers, rasterised: one A5 page, nothing cut, the QR code opens the
human tracking page, agency names in the header break only between their parts."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from motcua.demo.data import AGENCIES, load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.receipt import issuing_body_of, receipt_pdf
from motcua.forms.data import Applicant, ReceivedDocument
from motcua.forms.render import render_receipt_pdf
from motcua.organisation.models import Agency
from tests.forms.demo_dossiers import (
    MONDAY,
    birth_registration_online,
    interagency_at_counter,
    received,
)

from .pdfutil import (
    MM,
    decode_qr_codes,
    inked_pixels,
    normalise,
    pdf_text,
    rasterise,
    squash,
    words,
)
from .printcheck import DPI, nothing_cut, one_a5_page
from .samples import receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(frozen: Any) -> None:
    frozen(MONDAY)
    load_demo()


def table_rows(pdf: bytes) -> list[tuple[str, ...]]:
    """(STT, name, form, count) of every row of the documents table, wrapped cells joined.

    Read from ``pdftotext -layout``: a row's first line gives each column's start; a wrapped line
    belongs to the last column starting at or before it (names are left-aligned, forms centred).
    """
    layout = pdf_text(pdf, layout=True)
    block = layout.split("1. Thành phần hồ sơ nộp gồm:")[1].split("2. Số lượng hồ sơ:")[0]
    rows: list[list[str]] = []
    starts: list[int] = []
    for line in block.splitlines():
        cells = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        if len(cells) == 4 and re.fullmatch(r"\d+", cells[0][1]):
            rows.append([text for _, text in cells])
            starts = [at for at, _ in cells]
        elif rows and cells:
            for at, text in cells:
                column = max(i for i, begin in enumerate(starts) if begin <= at + 1)
                rows[-1][column] += " " + text
    return [tuple(row) for row in rows]


def check_tracking_link(pdf: bytes, png: Path, code: str) -> None:
    url = f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/{code}/"
    assert decode_qr_codes(png) == [url]
    assert f"Tracứu:{url}" in squash(pdf_text(pdf))
    page = Client().get(url.removeprefix(settings.MOTCUA_PUBLIC_URL))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html") and code in page.content.decode()


def test_birth_registration_receipt(demo: None, tmp_path: Path) -> None:
    dossier = received(birth_registration_online())
    code = dossier.code
    assert code == "H26.101-261123-0001"
    pdf = receipt_pdf(dossier)
    one_a5_page(pdf)
    text = normalise(pdf_text(pdf))
    expected = [
        "Số: 0001/TN",
        "Hoàn Kiếm, ngày 23 tháng 11 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {code}",
        "Tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Địa chỉ: 12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "Số điện thoại: 0912345678 Email: an.nguyen@example.vn",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "3. Thời gian giải quyết hồ sơ theo quy định là: Trong ngày",
        "4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 23/11/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23/11/2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND Phường Hoàn Kiếm, 126 Hàng Trống, Phường Hoàn Kiếm, Hà Nội",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 0001",
        "NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) (Ký và ghi rõ họ tên) Nguyễn Văn An Trần Thị Mai",
    ]
    positions = [text.index(fragment) for fragment in expected]
    assert positions == sorted(positions)
    version = dossier.procedure_version
    names = {r.code: r.name for r in version.documents.all()}
    assert table_rows(pdf) == [
        ("1", names["to-khai"], "Bản chính", "1"),
        ("2", names["giay-chung-sinh"], "Bản chính", "1"),
        ("3", names["giay-to-tuy-than"], "Bản chính", "1"),
    ]
    png = nothing_cut(pdf, tmp_path, ["Nguyễn", "Văn", "An", "Trần", "Thị", "Mai"])
    check_tracking_link(pdf, png, code)


def test_six_documents_of_the_interagency_procedure(demo: None, tmp_path: Path) -> None:
    dossier = interagency_at_counter()
    pdf = receipt_pdf(dossier)
    one_a5_page(pdf)
    names = [r.name for r in dossier.procedure_version.documents.order_by("order", "id")]
    assert len(names) == 6
    forms = ["Bản chính"] * 5 + ["Bản sao chứng thực"]
    assert table_rows(pdf) == [
        (str(n), name, form, "1") for n, (name, form) in enumerate(zip(names, forms, strict=True), 1)
    ]
    text = normalise(pdf_text(pdf))
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 27/11/2026" in text
    png = nothing_cut(pdf, tmp_path, ["Nguyễn", "Văn", "An", "Trần", "Thị", "Mai"])
    check_tracking_link(pdf, png, dossier.code)


def test_two_files_of_one_document_are_one_row(demo: None) -> None:
    from motcua.dossiers.services.submission import SubmissionInput, submit_online
    from tests.forms.demo_dossiers import (
        BIRTH_DOCUMENTS,
        BIRTH_FORM,
        actor,
        citizen_applicant,
        files,
    )

    uploads = files(BIRTH_DOCUMENTS)
    uploads["giay-chung-sinh"] = uploads["giay-chung-sinh"] + files(("trang-2",))["trang-2"]
    d = submit_online(
        actor=actor("congdan"),
        files=uploads,
        data=SubmissionInput(
            procedure_code="1.001193", agency_code="H26.101", applicant=citizen_applicant(), form_data=BIRTH_FORM
        ),
    )
    assert Dossier.objects.get(pk=d.pk).documents.count() == 2
    rows = table_rows(receipt_pdf(received(d)))
    assert [row[0] for row in rows] == ["1", "2", "3"]


def longest_demo_texts() -> tuple[list[str], str]:
    data = json.loads(resources.files("motcua.catalogue").joinpath("data/procedures.json").read_text("utf-8"))
    documents = sorted((d["name"] for p in data["procedures"] for d in p["documents"]), key=len, reverse=True)
    procedure = max((p["name"] for p in data["procedures"]), key=len)
    return documents[:6], procedure


def test_six_of_the_longest_demo_documents_still_fit_one_page(tmp_path: Path) -> None:
    names, procedure = longest_demo_texts()
    assert [len(n) for n in names] == [185, 165, 143, 143, 143, 143] and len(procedure) == 169
    pdf = render_receipt_pdf(
        receipt(
            documents=[ReceivedDocument(name, "Bản sao có chứng thực", 1) for name in names],
            request=procedure,
            applicant=Applicant(
                name="Nguyễn Thị Hằng",
                phone="0912345678",
                email="hang.nguyen@example.vn",
                address="Số 12 ngõ 34 phố Hàng Bạc, tổ dân phố số 5, Phường Hoàn Kiếm, Thành phố Hà Nội",
            ),
        )
    )
    one_a5_page(pdf)
    assert [row[1] for row in table_rows(pdf)] == names
    assert procedure in normalise(pdf_text(pdf))
    nothing_cut(pdf, tmp_path, ["Nguyễn", "Thị", "Hằng", "Trần", "Văn", "Đức"])


# The header lines of every demo agency: governing body (UBND abbreviated, Decree 30/2020 annex I),
# then the body's own name, broken only between the body and its locality.
HEADERS = {
    "H26": ([], ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]),
    "H26.60": (["UBND THÀNH PHỐ HÀ NỘI"], ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG", "THÀNH PHỐ HÀ NỘI"]),
    "H26.24": (["UBND THÀNH PHỐ HÀ NỘI"], ["SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI"]),
    "H26.25": (["UBND THÀNH PHỐ HÀ NỘI"], ["SỞ XÂY DỰNG THÀNH PHỐ HÀ NỘI"]),
    "H26.101": (["UBND THÀNH PHỐ HÀ NỘI"], ["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀN KIẾM"]),
    "H26.102": (["UBND THÀNH PHỐ HÀ NỘI"], ["ỦY BAN NHÂN DÂN", "PHƯỜNG CỬA NAM"]),
    "G01.26": ([], ["CÔNG AN THÀNH PHỐ HÀ NỘI"]),
    "G01.26.101": (["CÔNG AN THÀNH PHỐ HÀ NỘI"], ["CÔNG AN PHƯỜNG HOÀN KIẾM"]),
    "G12.26": ([], ["BẢO HIỂM XÃ HỘI", "THÀNH PHỐ HÀ NỘI"]),
}


def test_agency_names_break_only_between_their_parts(demo: None, tmp_path: Path) -> None:
    assert {c for c, *_ in AGENCIES} == set(HEADERS)
    for code, (parent, name) in HEADERS.items():
        body = issuing_body_of(Agency.objects.get(code=code))
        pdf = render_receipt_pdf(receipt(body=body))
        # Left column, top to bottom, as pdftotext reads it; the right column is the national motto.
        left_edge, column_end = 15 * MM, (15 + 56 + 2) * MM
        boxes = words(pdf)
        number_line = next(w.y_min for w in boxes if w.text == "Số:")
        header = [w for w in boxes if w.y_max < number_line and w.x_max <= column_end]
        lines: dict[float, list[str]] = {}
        for w in header:
            lines.setdefault(round(w.y_min), []).append(w.text)
        assert [" ".join(line) for _, line in sorted(lines.items())] == parent + name, code
        assert all(w.x_min >= left_edge for w in header), code
        right = [w for w in boxes if w.y_max < number_line and w.x_min > column_end]
        top = min(w.y_min for w in right)
        assert " ".join(w.text for w in right if w.y_min < top + 3) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", code
        # Rasterised: nothing is printed across the gap between the two header columns.
        png = rasterise(pdf, tmp_path, dpi=DPI)
        gap = (column_end - 2 * MM + 0.5, 9 * MM, column_end - 0.5, max(w.y_max for w in header))
        assert inked_pixels(png, gap, dpi=DPI) == 0, code
        assert inked_pixels(png, (left_edge, 9 * MM, column_end, number_line), dpi=DPI) > 0, code
