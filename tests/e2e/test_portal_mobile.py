"""Every portal page at 360 px: no horizontal scroll, and no serious accessibility violation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from tests.e2e.conftest import axe, shot

PDF = b"%PDF-1.4\n%%EOF\n"


def fits(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: {width}px wide"
    assert axe(page) == [], name
    shot(page, f"portal-360-{name}")


@pytest.mark.django_db(transaction=True)
def test_every_portal_page_fits_360px(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    url = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    for path, name in [
        ("/", "home"),
        ("/thu-tuc/", "list"),
        ("/thu-tuc/?q=chung+thuc", "search"),
        ("/thu-tuc/?agency=H26.101", "by-agency"),
        ("/thu-tuc/1.009974/", "procedure-building"),
        ("/thu-tuc/1.001193/", "procedure"),
        ("/tra-cuu/", "track-form"),
    ]:
        page.goto(url + path)
        fits(page, name)

    page.goto(url + "/dang-nhap/")
    page.fill("#id_username", "congdan")
    page.fill("#id_password", "motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/tai-khoan/")
    fits(page, "account-empty")

    page.goto(url + "/nop-ho-so/1.001193/")
    fits(page, "step1")
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/2/$"))
    page.get_by_role("button", name="Tiếp tục").click()  # empty: every required field shows its error
    assert page.locator(".field .error").count() == 7  # the phone is not asked again: step 1 has it
    fits(page, "step2-errors")
    for selector, value in [
        ("#f-ho-ten-tre", "Lê Minh Châu"),
        ("#f-ngay-sinh", "01/11/2026"),
        ("#f-noi-sinh", "Hà Nội"),
    ]:
        page.fill(selector, value)
    page.select_option("#f-dan-toc", "Kinh")
    page.select_option("#f-quoc-tich", "Việt Nam")
    page.select_option("#f-gioi-tinh", "Nữ")
    page.select_option("#f-quan-he-nguoi-yeu-cau", "Cha")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/3/$"))
    (tmp_path / "a.pdf").write_bytes(PDF)
    page.set_input_files("#doc-giay-chung-sinh", str(tmp_path / "a.pdf"))
    page.get_by_role("button", name="Lưu nháp").click()  # leave half way: the draft is in the account
    page.wait_for_url(url + "/tai-khoan/")
    fits(page, "account-draft")
    page.get_by_role("link", name=re.compile("Tiếp tục nộp")).click()
    page.wait_for_url(re.compile(r"/3/$"))
    assert "a.pdf" in page.locator("main").inner_text()
    fits(page, "step3")
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/4/$"))
    fits(page, "review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/"))
    fits(page, "done")
    code = page.locator("#dossier-code").inner_text()

    dossier = Dossier.objects.get(code=code)
    reception = Actor(user=User.objects.get(username="tiepnhan.hoankiem"))
    lifecycle.request_supplement(
        dossier.pk,
        actor=reception,
        items=[
            {"requirement": "giay-chung-sinh", "name": "Giấy chứng sinh", "reason": "Thiếu trang 2."},
            {
                "requirement": "",
                "name": "Bản sao sổ hộ khẩu của người mẹ (nếu có)",
                "reason": "Để đối chiếu nơi cư trú.",
            },
        ],
    )
    page.goto(url + "/tai-khoan/")
    fits(page, "account-list")
    page.goto(url + f"/tai-khoan/ho-so/{code}/")
    fits(page, "dossier-supplement")
    page.goto(url + f"/tai-khoan/ho-so/{code}/rut/")
    fits(page, "withdraw")
    page.goto(url + f"/tra-cuu/{code}/")
    fits(page, "track")

    # A second draft to see the delete confirmation.
    page.goto(url + "/nop-ho-so/1.001193/")
    page.select_option("#agency-code", "H26.102")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/2/$"))
    page.goto(url + "/tai-khoan/")
    page.get_by_role("link", name=re.compile("^Xóa")).click()
    fits(page, "draft-delete")
    page.get_by_role("button", name="Xóa bản nháp").click()
    page.wait_for_url(url + "/tai-khoan/")
    assert page.locator(".messages").inner_text() == "Đã xóa hồ sơ nháp."
