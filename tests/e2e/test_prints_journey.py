"""Prints in a real browser (desktop, vi-VN): the head extends a dossier and opens the Mẫu 04 the
page offers; the reception officer opens Mẫu 06 from the menu and downloads both formats."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from motcua.demo.data import load_demo
from tests.e2e.conftest import axe, shot
from tests.e2e.test_backoffice_journeys import act, log_in, log_out, pdf_ok, submit_action
from tests.forms.demo_dossiers import MONDAY, interagency_at_counter
from tests.forms.pdfutil import normalise, pdf_text
from tests.forms.printcheck import register_rows

REASON = "Cần xác minh thông tin cư trú với Công an Phường Hoàn Kiếm"


def check(page: Any, name: str) -> None:
    assert axe(page) == [], page.url
    shot(page, name)


@pytest.mark.django_db(transaction=True)
def test_head_prints_the_apology_and_reception_downloads_the_register(
    live_server: Any, page: Any, frozen: Any, tmp_path: Path
) -> None:
    frozen(MONDAY)  # the application's clock: Monday 23 November 2026, 09:30
    load_demo()
    dossier = interagency_at_counter()
    code, base = dossier.code, live_server.url

    # The head finds the dossier among those in progress at the agency, apologises and sets a new date.
    log_in(page, base, "lanhdao.hoankiem")
    page.click("a.tab-agency")
    page.click(f"#worklist a:text('{code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"
    act(page, "extend")
    page.fill("#id_extend-new_due_at", "01/12/2026 16:00")  # dd/mm/yyyy hh:mm
    page.fill("#id_extend-reason", REASON)
    check(page, "prints-01-extend-form")
    submit_action(page, "extend")
    assert "Đã hẹn lại ngày trả kết quả." in page.inner_text(".messages")
    callout = page.locator(".print-callout")
    assert "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)" in callout.inner_text()
    link = callout.locator("a")
    assert link.get_attribute("href") == f"/backoffice/ho-so/{code}/mau-04.pdf"
    assert page.evaluate("document.activeElement.classList.contains('js-print-now')")
    text = normalise(pdf_text(pdf_ok(page, base + link.get_attribute("href"))))
    for expected in [
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {code}",
        REASON,
        "17 giờ 00 phút, ngày 27/11/2026",
        "16 giờ 00 phút, ngày 01/12/2026",
        "Phạm Quốc Hùng",
    ]:
        assert expected in text, expected
    assert page.locator("a.print-mau-04").get_attribute("href") == f"/backoffice/ho-so/{code}/mau-04.pdf"
    check(page, "prints-02-extended-offers-mau-04")
    log_out(page)

    # The reception officer opens the register from the menu: this month by default.
    log_in(page, base, "tiepnhan.hoankiem")
    page.click("nav a:text('Sổ theo dõi hồ sơ (Mẫu 06)')")
    assert page.locator("h1").inner_text() == "Sổ theo dõi hồ sơ (Mẫu 06)"
    assert (page.input_value("#id_date_from"), page.input_value("#id_date_to")) == ("01/11/2026", "30/11/2026")
    assert page.inner_text(".register-count") == "Có 1 hồ sơ được tiếp nhận trong kỳ."
    check(page, "prints-03-register-form")

    # A wrong date gets a clear error, and nothing is downloaded.
    page.fill("#id_date_to", "31/11/2026")
    page.click("button[value=pdf]")
    summary = page.locator(".error-summary")
    assert "Đến ngày: Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026." in summary.inner_text()
    check(page, "prints-04-register-error")
    page.fill("#id_date_to", "30/11/2026")

    with page.expect_download() as pdf_download:
        page.click("button[value=pdf]")
    assert pdf_download.value.suggested_filename == "so-theo-doi-ho-so-H26.101-20261101-20261130.pdf"
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    rows = register_rows(pdf)
    assert [row[:2] + row[7:9] + row[12:] for row in rows] == [
        (
            "1",
            code,
            "23/11/2026",
            "01/12/2026",
            "Đã xin lỗi, hẹn lại ngày trả (Mẫu 04); hẹn ban đầu 27/11/2026; Đã tiếp nhận",
        )
    ]

    with page.expect_download() as xlsx_download:
        page.click("button[value=xlsx]")
    assert xlsx_download.value.suggested_filename == "so-theo-doi-ho-so-H26.101-20261101-20261130.xlsx"
    ws = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert ws is not None
    assert [c.value for c in ws[6]][:2] == [1, code] and ws.max_row == 6
    assert re.fullmatch(r"/backoffice/so-theo-doi/\?.*", page.url.removeprefix(base))
