"""Disclosure and dashboard pages in Chromium: accessible, no console errors, readable at 360 px."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.demo.data import load_demo
from tests.e2e.conftest import axe, shot


@pytest.mark.django_db(transaction=True)
def test_disclosure_and_dashboard_in_the_browser(live_server: Any, page: Any) -> None:
    from django.core.management import call_command

    load_demo()
    call_command("demo-data", "--dossiers", "300", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(live_server.url + "/cong-khai/")
    assert page.locator("h1").inner_text() == "Công khai kết quả giải quyết thủ tục hành chính"
    assert axe(page) == []
    shot(page, "disclosure")
    page.goto(live_server.url + "/dang-nhap/?next=/thong-ke/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.hoankiem")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/thong-ke/")
    assert page.locator("svg.chart rect.bar").count() >= 3
    assert axe(page) == []
    shot(page, "dashboard")
    page.get_by_role("link", name="Báo cáo tình hình giải quyết TTHC (Biểu 06)").click()
    assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/cong-khai/")
    assert page.evaluate("document.body.scrollWidth") <= 360
