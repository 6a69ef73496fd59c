"""The shared layout in a real browser: login and registration pages, CSP, accessibility, 360 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe, shot


@pytest.mark.django_db(transaction=True)
def test_login_and_register_pages_are_accessible(live_server: Any, page: Any) -> None:
    for path, heading in [("/dang-nhap/", "Đăng nhập"), ("/dang-ky/", "Đăng ký tài khoản công dân")]:
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("h1").inner_text() == heading
        assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/dang-ky/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "register-360")
