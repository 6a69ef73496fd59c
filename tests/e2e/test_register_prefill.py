"""A demo citizen fills a declaration from the national population database in a real browser.

The gateway peer (``motcua sim lgsp``) runs beside the live server; the citizen logs in with a
password (e-ID login has its own tests), opens a procedure whose form takes birth date, sex and
residence from the register (1.004873, Giấy xác nhận tình trạng hôn nhân), consents, prefills,
sees the fields filled and marked, and submits. With the register down, the page says so and the
dossier is still submitted with the fields typed by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from motcua.registers.models import Lookup, Verification
from tests.e2e.conftest import axe, shot
from tests.exchange.conftest import lgsp  # noqa: F401  (the gateway peer)

MARK = "Đã xác thực từ CSDLQG về dân cư"


def _log_in(page: Any, base: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", "congdan")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def _to_step2(page: Any, base: str) -> None:
    page.goto(base + "/nop-ho-so/1.004873/")
    if page.locator("#agency-code").count():
        page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/2/$"))


def _finish(page: Any, tmp_path: Path) -> str:
    page.select_option("#f-tinh-trang-hon-nhan", "Chưa đăng ký kết hôn với ai")
    page.fill("#f-muc-dich", "Đăng ký kết hôn")
    page.fill("#f-so-luong", "1")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/3/$"))
    scan = tmp_path / "giay-to.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    for item in page.locator("main form input[type=file]").all():
        item.set_input_files(str(scan))
    page.locator("main form").get_by_role("button", name=re.compile("tiếp tục", re.IGNORECASE)).first.click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/4/$"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    return str(page.locator("#dossier-code").inner_text())


@pytest.mark.django_db(transaction=True)
def test_a_citizen_prefills_from_the_population_register_and_submits(
    live_server: Any,
    page: Any,
    lgsp: Any,  # noqa: F811 - the peer fixture imported above
    tmp_path: Path,
) -> None:
    load_demo()
    base = live_server.url
    _log_in(page, base)
    _to_step2(page, base)
    box = page.locator("fieldset.register-prefill")
    assert "Nghị định 13/2023/NĐ-CP" in box.inner_text()
    assert axe(page) == []
    box.get_by_role("button", name="Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư").click()
    page.wait_for_load_state()
    assert "Vui lòng đánh dấu đồng ý" in page.locator("main").inner_text()  # no consent: nothing asked
    assert not Lookup.objects.exists()
    page.check("#consent-population")
    page.locator("fieldset.register-prefill").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.input_value("#f-ngay-sinh") == "12/04/1985"
    assert page.input_value("#f-gioi-tinh") == "Nam"
    assert page.input_value("#f-noi-cu-tru") == "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert page.locator(".verified-mark").count() == 3 and MARK in page.locator("#f-ngay-sinh-verified").inner_text()
    assert axe(page) == []
    shot(page, "register-prefill-done")
    code = _finish(page, tmp_path)
    dossier = Dossier.objects.get(code=code)
    assert sorted(Verification.objects.filter(dossier=dossier).values_list("field", flat=True)) == [
        "gioi_tinh",
        "ngay_sinh",
        "noi_cu_tru",
    ]
    assert Lookup.objects.get().dossier == dossier
    # The citizen sees the lookup and the consent on the account page.
    page.goto(base + "/tai-khoan/")
    assert "Các lần tra cứu thông tin của tôi" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Rút lại sự đồng ý").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_register_down_says_so_and_the_dossier_is_still_submitted(
    live_server: Any,
    page: Any,
    lgsp: Any,  # noqa: F811 - the peer fixture imported above
    tmp_path: Path,
) -> None:
    load_demo()
    lgsp.mode("down")
    base = live_server.url
    _log_in(page, base)
    _to_step2(page, base)
    page.check("#consent-population")
    page.locator("fieldset.register-prefill").get_by_role("button").click()
    page.wait_for_load_state()
    text = page.locator(".register-notice").inner_text()
    assert "Chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư" in text and "tự nhập" in text
    assert page.locator(".verified-mark").count() == 0
    assert axe(page) == []
    shot(page, "register-prefill-down")
    page.fill("#f-ngay-sinh", "12/04/1985")
    page.select_option("#f-gioi-tinh", "Nam")
    page.fill("#f-noi-cu-tru", "12 Hàng Bài, Phường Hoàn Kiếm")
    code = _finish(page, tmp_path)
    assert Dossier.objects.get(code=code).form_data["noi_cu_tru"] == "12 Hàng Bài, Phường Hoàn Kiếm"
    assert not Verification.objects.exists() and Lookup.objects.get().outcome == "failed"
