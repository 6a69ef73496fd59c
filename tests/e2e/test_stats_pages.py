"""Disclosure and dashboard pages in Chromium: accessible, no console errors, readable at 360 px."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.demo.data import load_demo
from tests.e2e.conftest import axe, shot, too_wide


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
    # The tables reflow into one card per row, each figure labelled by its column.
    assert page.locator("table.stack tbody tr").count() >= 2
    first = page.locator("table.stack").first.locator("tbody tr").first
    labels = first.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels[0] == '"Tiếp nhận"' and labels[-1] == '"Hài lòng"'
    assert first.locator("td").first.bounding_box()["width"] > 300  # one card per row, not a squeezed column
    assert too_wide(page) == []
    assert axe(page) == []
    shot(page, "disclosure-360")
    page.goto(live_server.url + "/thong-ke/")
    assert too_wide(page) == []
    assert axe(page) == []
    shot(page, "dashboard-360")
