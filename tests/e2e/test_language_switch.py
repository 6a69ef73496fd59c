"""A browser set to English gets Vietnamese pages until the person clicks the visible "English".

Chromium with ``locale="en-US"`` sends ``Accept-Language: en-US``; the home page, a procedure page,
the login page, the back office and the admin stay Vietnamese. Clicking "English" in the header
makes them English (remembered across pages), clicking "Tiếng Việt" brings Vietnamese back. The
dd/mm/yyyy date inputs work the same in that browser: no mm/dd/yyyy picker, a Vietnamese message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import axe, shot
from tests.helpers import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def english_page(browser: Any) -> Iterator[Any]:
    """A page of a Chromium set to American English (the shared ``page`` is vi-VN)."""
    context = browser.new_context(
        locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert errors == [], errors


def heading(page: Any) -> str:
    return str(page.locator("h1").first.inner_text())


def switch(page: Any, to: str) -> None:
    """Click the language switch of the header, as a person would, and wait for the page again."""
    button = page.locator("header").get_by_role("button", name=to, exact=True)
    assert button.is_visible()
    with page.expect_navigation():
        button.click()


def test_an_english_browser_reads_vietnamese_until_it_clicks_english(
    live_server: Any, world: Any, english_page: Any
) -> None:
    page, base = english_page, live_server.url
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.headers.get("accept-language", "")) if r.url.startswith(base) else None)
    assert page.evaluate("navigator.language") == "en-US"

    page.goto(base + "/")
    assert sent and sent[-1].startswith("en-US")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert heading(page) == "Tìm thủ tục hành chính"
    assert axe(page) == []
    shot(page, "language-01-home-vi-in-english-browser")
    page.goto(base + "/thu-tuc/T.001/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.is_visible()
    page.goto(base + "/dang-nhap/")
    assert heading(page) == "Đăng nhập"
    page.fill("input[name=username]", "reception")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(base + "/backoffice/")
    assert heading(page) == "Hồ sơ cần xử lý"

    # The visible switch: English, on this page and the next ones.
    switch(page, "English")
    assert page.url == base + "/backoffice/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == "Dossiers to process"
    shot(page, "language-02-backoffice-en")
    page.goto(base + "/thu-tuc/T.001/")
    assert page.get_by_role("link", name="Submit a dossier online").first.is_visible()
    page.goto(base + "/")
    assert heading(page) == "Find an administrative procedure"
    # And back.
    switch(page, "Tiếng Việt")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert heading(page) == "Tìm thủ tục hành chính"
    page.goto(base + "/backoffice/")
    assert heading(page) == "Hồ sơ cần xử lý"


def test_the_admin_has_the_switch_too(live_server: Any, world: Any, english_page: Any) -> None:
    make_user("root", is_staff=True, is_superuser=True)
    page, base = english_page, live_server.url
    page.goto(base + "/admin/login/")
    assert page.locator("#site-name").inner_text() == "Quản trị MotCua"
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-for-tests-123")
    page.locator("input[type=submit]").click()
    page.wait_for_url(base + "/admin/")
    assert page.locator("h1").inner_text() == "Quản trị hệ thống"
    assert page.get_by_role("link", name="Các lần thử đăng nhập sai").is_visible()
    assert page.locator(".theme-toggle").get_attribute("class") is not None
    assert "Đổi giao diện sáng/tối" in page.locator(".theme-toggle").inner_text()
    shot(page, "language-03-admin-vi")
    switch(page, "English")
    assert page.get_by_role("link", name="Access attempts").is_visible()
    switch(page, "Tiếng Việt")
    assert page.locator("h1").inner_text() == "Quản trị hệ thống"


def test_dates_are_typed_day_first_in_an_english_browser(live_server: Any, world: Any, english_page: Any) -> None:
    page, base = english_page, live_server.url
    page.goto(base + "/cong-khai/")
    start = page.get_by_label("Từ ngày")
    assert start.get_attribute("type") == "text" and start.get_attribute("placeholder") == "dd/mm/yyyy"
    pattern = start.get_attribute("pattern")
    assert page.evaluate("p => { new RegExp('^(?:' + p + ')$', 'v'); return true; }", pattern)  # valid for Chromium
    start.fill("hôm qua")
    page.get_by_role("button", name="Xem").click()  # the browser stops it, in Vietnamese
    assert start.evaluate("e => e.validationMessage") == "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026."
    start.fill("01/11/2026")
    page.get_by_label("Đến ngày").fill("30/11/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    assert "date_from=01%2F11%2F2026" in page.url
    assert page.get_by_label("Từ ngày").input_value() == "01/11/2026"
    assert page.get_by_label("Đến ngày").input_value() == "30/11/2026"
    assert page.locator(".error").count() == 0
