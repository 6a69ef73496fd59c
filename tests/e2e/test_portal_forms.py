"""A citizen files the demo birth registration on a 360 px phone, clicking only what the screen shows.

The forms ask only what the law asks: no upload of the tờ khai (the e-form is the declaration),
no upload of the ID card (shown, not filed), the phone given once in step 1, ethnicity and
nationality from the national lists, a birth date in the future refused with its message.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from motcua.core import clock
from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from tests.e2e.conftest import axe, shot

PDF = b"%PDF-1.4\n%%EOF\n"


def fits(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: {width}px wide"
    assert axe(page) == [], name
    shot(page, f"portal-forms-360-{name}")


def click(page: Any, locator: Any) -> None:
    """Click a control the person can see (fails on a hidden one)."""
    assert locator.is_visible()
    locator.click()


@pytest.mark.django_db(transaction=True)
def test_birth_registration_online_at_360px(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    url = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    today = clock.local_now().date()

    page.goto(url + "/dang-nhap/")
    page.fill("#id_username", "congdan")
    page.fill("#id_password", DEMO_PASSWORD)
    click(page, page.get_by_role("button", name="Đăng nhập"))
    page.wait_for_url(url + "/tai-khoan/")

    # Find it the way people type it: "ki" for "ký", no accents.
    page.goto(url + "/")
    page.fill("#home-q", "dang ki khai sinh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/thu-tuc/\?q="))
    click(page, page.locator("#results").get_by_role("link", name="Đăng ký khai sinh", exact=True))
    page.wait_for_url(url + "/thu-tuc/1.001193/")
    click(page, page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first)

    # Step 1: the applicant, pre-filled from the account; the phone is asked here, once.
    page.wait_for_url(url + "/nop-ho-so/1.001193/")
    assert page.input_value("#a-phone") == "0912345678"
    assert "Dùng cho “Số điện thoại liên hệ” của tờ khai." in page.locator("#a-phone-help").inner_text()
    page.select_option("#agency-code", "H26.101")
    click(page, page.get_by_role("button", name="Tiếp tục"))
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/2/$"))

    # Step 2: the declaration. No phone again; ethnicity and nationality are lists.
    assert page.locator("#f-so-dien-thoai").count() == 0 and page.get_by_label("Số điện thoại liên hệ").count() == 0
    assert page.locator("#f-dan-toc").evaluate("e => e.tagName") == "SELECT"
    assert page.locator("#f-dan-toc option").count() == 55
    assert page.locator("#f-quoc-tich").evaluate("e => e.tagName") == "SELECT"
    fits(page, "step2")
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Lê Minh Châu")
    tomorrow = today + timedelta(days=1)
    page.get_by_label("Ngày, tháng, năm sinh").fill(f"{tomorrow:%d/%m/%Y}")  # typed day first
    page.get_by_label("Nơi sinh").fill("Bệnh viện Phụ sản Hà Nội")
    page.get_by_label("Giới tính").select_option("Nữ")
    page.get_by_label("Dân tộc").select_option("Kinh")
    page.get_by_label("Quốc tịch").select_option("Việt Nam")
    page.get_by_label("Quan hệ của người yêu cầu với trẻ").select_option("Mẹ")
    click(page, page.get_by_role("button", name="Tiếp tục"))
    page.wait_for_load_state()
    message = f"“Ngày, tháng, năm sinh” không được sau ngày hôm nay ({today:%d/%m/%Y})."
    assert page.locator("#f-ngay-sinh-error").inner_text() == message
    assert message in page.locator("#error-summary").inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    fits(page, "step2-future-birth-date")
    page.get_by_label("Ngày, tháng, năm sinh").fill(f"{today - timedelta(days=3):%d/%m/%Y}")
    assert page.input_value("#f-dan-toc") == "Kinh"  # what was chosen is kept
    click(page, page.get_by_role("button", name="Tiếp tục"))
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/3/$"))

    # Step 3: no upload for the tờ khai nor for the ID card; only the birth certificate.
    assert page.locator("input[type=file]").count() == 3  # giấy chứng sinh and the two optional papers
    assert page.locator("#doc-to-khai").count() == 0 and page.locator("#doc-giay-to-tuy-than").count() == 0
    note = page.locator("#not-uploaded").inner_text()
    assert "Tờ khai đăng ký khai sinh: lập từ tờ khai điện tử bạn đã khai ở Bước 2." in note
    assert "xuất trình để đối chiếu" in note
    fits(page, "step3")
    (tmp_path / "giay-chung-sinh.pdf").write_bytes(PDF)
    page.get_by_label(re.compile("^Giấy chứng sinh")).set_input_files(str(tmp_path / "giay-chung-sinh.pdf"))
    click(page, page.get_by_role("button", name="Tải lên và tiếp tục"))
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/4/$"))

    # Step 4: review and submit.
    assert "Số điện thoại liên hệ" not in page.locator("#review-form + dl").inner_text()
    fits(page, "review")
    click(page, page.get_by_role("button", name="Nộp hồ sơ"))
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    fits(page, "done")
    dossier = Dossier.objects.get(code=page.locator("#dossier-code").inner_text())
    assert [d.requirement.code for d in dossier.documents.all()] == ["giay-chung-sinh"]
    assert dossier.form_data["so_dien_thoai"] == "0912345678" and dossier.form_data["dan_toc"] == "Kinh"
    assert dossier.form_data["ngay_sinh"] == (today - timedelta(days=3)).isoformat()
