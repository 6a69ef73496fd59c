"""The counter officer scans a paper and fills its digitisation metadata in the same step (số hóa), in a
real browser; the dossier page then shows the paper as digitised, with its metadata, by whom and when."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.demo.data import load_demo
from motcua.dossiers.models import Digitisation
from tests.e2e.conftest import axe
from tests.e2e.test_layout_every_page import log_in
from tests.helpers import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_counter_digitises_the_scan_with_the_intake(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    base = live_server.url
    scan = tmp_path / "ban-chup.pdf"
    scan.write_bytes(PDF)
    log_in(page, base, "tiepnhan.hoankiem", "/backoffice/")
    page.goto(base + "/backoffice/tiep-nhan/?thu_tuc=2.000815")
    page.fill("#id_applicant_name", "Hoàng Thị Thu")
    page.fill("#id_applicant_id_number", "001190045678")
    page.fill("#id_applicant_phone", "0905123456")
    page.fill("#id_ff_ten_giay_to", "Giấy khai sinh")
    page.fill("#id_ff_so_trang_ban_chinh", "1")
    page.fill("#id_ff_so_ban_sao", "2")
    page.check("#id_doc_0")
    page.check("#id_doc_1")
    page.set_input_files("#id_file_1", str(scan))
    page.click("details.digitise-fields summary")
    page.select_option("#id_dz1-document_type", "KHAI_SINH")
    page.fill("#id_dz1-number", "45/2019")
    page.fill("#id_dz1-issuing_body", "UBND Phường Hoàn Kiếm")
    page.fill("#id_dz1-issued_on", "04/05/2019")
    assert [v for v in axe(page) if v["impact"] in ("serious", "critical")] == []
    page.click("main form.intake-form button[type=submit]")
    page.wait_for_url("**/backoffice/ho-so/**")
    text = page.locator("#h-docs + ul").inner_text()
    for expected in ["Đã số hóa", "Giấy khai sinh", "45/2019", "UBND Phường Hoàn Kiếm", "04/05/2019", "Chưa ký số"]:
        assert expected in text, expected
    record = Digitisation.objects.get()
    assert record.digitised_by.username == "tiepnhan.hoankiem" and record.sealed_at is None
