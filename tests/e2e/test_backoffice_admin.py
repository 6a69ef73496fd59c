"""The admin for the TTHC-control officer, in Vietnamese, without staff or superuser rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin

from motcua.backoffice.admin_access import MotcuaAdminSite
from motcua.demo.data import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import axe, shot


def admin_axe(page: Any) -> list[dict[str, Any]]:
    """axe on a Django admin page, less Django's own breadcrumb colours (reported, not ours to restyle)."""
    return [
        v
        for v in axe(page)
        if not (v["id"] == "link-in-text-block" and all(".breadcrumbs" in n[0] for n in v["nodes"]))
    ]


@pytest.mark.django_db(transaction=True)
def test_tthc_control_officer_uses_the_admin(live_server: Any, page: Any, settings: Any, monkeypatch: Any) -> None:
    # The wiring the report asks for in settings.py (backend + admin site rule).
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "motcua.backoffice.admin_access.RolePermissionBackend",
    ]
    monkeypatch.setattr(admin.site, "has_permission", MotcuaAdminSite.has_permission.__get__(admin.site))
    load_demo()
    # Django's admin pages link no favicon, so the browser's /favicon.ico request is a 404 (reported).
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    base = live_server.url
    page.goto(base + "/dang-nhap/?next=/admin/")
    page.fill("input[name=username]", "kiemsoat.tthc")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert page.locator("html").get_attribute("lang") == "vi"
    body = page.inner_text("#content")
    assert "Thủ tục hành chính" in body and "Ngày điều chỉnh lịch làm việc" in body
    assert "Vai trò cán bộ" not in body
    assert admin_axe(page) == []
    shot(page, "backoffice-30-admin-tthc")
    page.goto(base + "/admin/catalogue/procedure/")
    assert "Đăng ký khai sinh" in page.inner_text("#result_list")
    assert admin_axe(page) == []
    shot(page, "backoffice-31-admin-catalogue")
    # The list only: the add form's date widget (DateTimeShortcuts.js) sets inline styles, which
    # the CSP blocks (reported); the form itself is tested with the test client.
    page.goto(base + "/admin/calendars/calendaroverride/")
    assert admin_axe(page) == []
    shot(page, "backoffice-32-admin-calendar")
    assert page.request.get(base + "/admin/organisation/agency/").status == 403
