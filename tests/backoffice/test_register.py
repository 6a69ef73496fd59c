"""The back-office page of Mẫu 06 (Sổ theo dõi hồ sơ): reached from the menu by reception officers
and heads, this month by default, PDF and XLSX, only the official's own bodies, clear errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier
from tests.backoffice.conftest import in_state
from tests.backoffice.test_prints import pdf_text
from tests.forms.printcheck import register_rows
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db

URL = "/backoffice/so-theo-doi/"
MENU = f'<a href="{URL}"'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def params(**values: str) -> dict[str, str]:
    return {"agency": "H26.101", "date_from": "01/11/2026", "date_to": "30/11/2026", **values}


def test_menu_entry_for_reception_officers_and_heads_only(world: Any, login: Any, at_monday: Any) -> None:
    for name in ["reception", "head", "other_reception", "dept_head"]:
        assert MENU in login(name).get("/backoffice/").content.decode(), name
    for name in ["specialist", "clerk", "dept_specialist"]:
        assert MENU not in login(name).get("/backoffice/").content.decode(), name
        assert login(name).get(URL).status_code == 403, name


def test_the_form_defaults_to_this_month(world: Any, login: Any, at_monday: Any) -> None:
    in_state(world, "received")
    page = login("reception").get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/backoffice/so-theo-doi/" aria-current="page">Sổ theo dõi hồ sơ (Mẫu 06)</a>' in html
    assert 'name="date_from" value="01/11/2026"' in html and 'name="date_to" value="30/11/2026"' in html
    assert '<option value="H26.101" selected>Ủy ban nhân dân Phường Hoàn Kiếm</option>' in html
    assert "H26.102" not in html  # only the official's own body is offered
    assert "Có 1 hồ sơ được tiếp nhận trong kỳ." in html
    assert '<button type="submit" name="format" value="pdf"' in html
    assert '<button type="submit" name="format" value="xlsx"' in html


def test_downloads_pdf_and_xlsx(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    client = login("head")
    pdf = client.get(URL, params(format="pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="so-theo-doi-ho-so-H26.101-20261101-20261130.pdf"'
    assert "SỔ THEO DÕI HỒ SƠ Từ ngày 01/11/2026 đến ngày 30/11/2026" in pdf_text(pdf.content)
    assert register_rows(pdf.content) == [
        (
            "1",
            d.code,
            "Thủ tục thử nghiệm ba ngày",
            "1",
            "Nguyễn Thị Hằng",
            "12 Hàng Bài; 0912345678",
            "Ủy ban nhân dân Phường Hoàn Kiếm",
            "23/11/2026",
            "27/11/2026",
            "",
            "",
            "",
            "Đã tiếp nhận",
        )
    ]
    book = client.get(URL, params(format="xlsx", date_from="2026-11-01"))  # ISO, as a date picker sends it
    assert book.status_code == 200 and book["Content-Type"] == XLSX
    assert book["Content-Disposition"] == 'attachment; filename="so-theo-doi-ho-so-H26.101-20261101-20261130.xlsx"'
    ws = load_workbook(io.BytesIO(book.content)).active
    assert ws is not None
    assert [c.value for c in ws[6]][:5] == [1, d.code, "Thủ tục thử nghiệm ba ngày", 1, "Nguyễn Thị Hằng"]
    assert ws.max_row == 6


def test_another_bodys_dossiers_never_appear(world: Any, login: Any, at_monday: Any) -> None:
    mine = in_state(world, "received")
    theirs = submit(world, user="other_citizen", agency="H26.102", name="Lê Văn Khách", id_number="079085054321")
    from motcua.dossiers.services import lifecycle

    lifecycle.receive(theirs.pk, actor=as_(world, "other_reception"))
    other = login("other_reception")
    # Asking for the other body's register is refused with the form's error, and leaks nothing.
    for fmt in ["pdf", "xlsx", ""]:
        response = other.get(URL, params(format=fmt))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), fmt
        body = response.content.decode()
        assert "Chọn một cơ quan trong danh sách." in body
        assert mine.code not in body and "Nguyễn Thị Hằng" not in body
    text = pdf_text(other.get(URL, params(agency="H26.102", format="pdf")).content)
    assert theirs.code in text and mine.code not in text and "Nguyễn Thị Hằng" not in text
    text = pdf_text(login("reception").get(URL, params(format="pdf")).content)
    assert mine.code in text and theirs.code not in text and "Lê Văn Khách" not in text


def test_citizens_and_visitors_are_refused(world: Any, login: Any, at_monday: Any) -> None:
    in_state(world, "received")
    response = login(None).get(URL, params(format="pdf"))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=/backoffice/so-theo-doi/")
    for name in ["citizen", "other_citizen"]:
        response = login(name).get(URL, params(format="pdf"))
        assert response.status_code == 403 and "Nguyễn Thị Hằng" not in response.content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date_from": "hôm qua"}, "Từ ngày: Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026."),
        ({"date_to": "31/02/2026"}, "Đến ngày: Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026."),
        ({"date_to": ""}, "Đến ngày: Vui lòng nhập ngày."),
        (
            {"date_from": "30/11/2026", "date_to": "01/11/2026"},
            "Đến ngày: Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.",
        ),
        ({"date_from": "01/01/2025", "date_to": "31/12/2026"}, "Đến ngày: Mỗi lần xem tối đa 366 ngày."),
        ({"date_from": "01/01/0001", "date_to": "31/12/9999"}, "Từ ngày: Năm phải trong khoảng 2000–2100."),
        ({"agency": "<script>"}, "Cơ quan: Chọn một cơ quan trong danh sách."),
        ({"format": "doc"}, "Chọn tải về dạng PDF hoặc XLSX."),
    ],
)
def test_bad_periods_get_a_clear_error(
    world: Any, login: Any, at_monday: Any, values: dict[str, str], message: str
) -> None:
    in_state(world, "received")
    response = login("reception").get(URL, {**params(format="pdf"), **values})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert message in html
    assert '<div class="error-summary" role="alert"' in html and "<script>" not in html


def test_a_period_too_large_for_one_pdf_says_so(
    world: Any, login: Any, at_monday: Any, settings: Any, monkeypatch: Any
) -> None:
    from motcua.backoffice.views import register

    for _ in range(3):
        in_state(world, "received")
    monkeypatch.setattr(register, "MAX_PDF_ROWS", 2)
    response = login("reception").get(URL, params(format="pdf"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert (
        "Kỳ đã chọn có 3 hồ sơ, quá 2 hồ sơ cho một tệp PDF. Vui lòng chọn khoảng thời gian ngắn hơn."
        in response.content.decode()
    )
    assert login("reception").get(URL, params(format="xlsx")).status_code == 200
    assert Dossier.objects.count() == 3
