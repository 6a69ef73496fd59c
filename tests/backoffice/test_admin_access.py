"""Admin for officials by role: TTHC control → catalogue and calendar; admin → also organisation and users."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from motcua.backoffice.admin_access import MotcuaAdminSite, RolePermissionBackend
from motcua.calendars.models import CalendarOverride
from motcua.organisation.services import role_grant
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

BACKEND = "motcua.backoffice.admin_access.RolePermissionBackend"
CATALOGUE = ["catalogue_procedure", "catalogue_procedureversion", "catalogue_field"]
CALENDAR = ["calendars_calendaroverride"]
ORGANISATION = ["organisation_agency", "organisation_receivingpoint", "organisation_officialrole", "accounts_user"]


@pytest.fixture(autouse=True)
def wired(settings: Any, monkeypatch: Any) -> None:
    """The settings change this module asks for (see the report): backend + admin site rule."""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    monkeypatch.setattr(admin.site, "has_permission", MotcuaAdminSite.has_permission.__get__(admin.site))


def client_with(world: Any, role: str) -> Client:
    user = make_user(f"u_{role}")
    role_grant(user=user, agency=world.commune, role=role)
    client = Client()
    client.force_login(user)
    return client


def changelist(name: str) -> str:
    return reverse(f"admin:{name}_changelist")


def test_tthc_control_uses_catalogue_and_calendar_only(world: Any) -> None:
    client = client_with(world, "tthc_control")
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Thủ tục hành chính" in html and "Ngày điều chỉnh lịch làm việc" in html
    assert "Cơ quan" not in html and "Người dùng" not in html
    for name in CATALOGUE + CALENDAR:
        assert client.get(changelist(name)).status_code == 200, name
    assert client.get(reverse("admin:catalogue_procedure_import")).status_code == 200
    for name in ORGANISATION:
        assert client.get(changelist(name)).status_code == 403, name
    response = client.post(
        reverse("admin:calendars_calendaroverride_add"),
        {"date": "2026-12-31", "kind": "off", "name": "Nghỉ bù", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get(date=date(2026, 12, 31))
    assert client.get(reverse("admin:calendars_calendaroverride_change", args=[override.pk])).status_code == 200
    assert (
        client.post(reverse("admin:calendars_calendaroverride_delete", args=[override.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not CalendarOverride.objects.exists()


def test_admin_role_also_manages_organisation_and_users(world: Any) -> None:
    client = client_with(world, "admin")
    for name in CATALOGUE + CALENDAR + ORGANISATION:
        assert client.get(changelist(name)).status_code == 200, name
    assert client.get(reverse("admin:organisation_agency_add")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[world.user("reception").pk])).status_code == 200
    assert client.get(changelist("core_auditlog")).status_code == 403  # not granted


@pytest.mark.parametrize("name", ["reception", "head", "citizen"])
def test_others_cannot_open_the_admin(world: Any, name: str) -> None:
    client = Client()
    client.force_login(world.user(name))
    for url in [reverse("admin:index"), changelist("catalogue_procedure"), changelist("calendars_calendaroverride")]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_inactive_role_grants_nothing(world: Any) -> None:
    from motcua.organisation.models import OfficialRole

    user = make_user("former")
    role_grant(user=user, agency=world.commune, role="admin")
    OfficialRole.objects.filter(user=user).update(active=False)
    user.refresh_from_db()
    assert RolePermissionBackend().get_all_permissions(user) == set()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_site_is_titled_in_vietnamese() -> None:
    site = MotcuaAdminSite()
    assert (str(site.site_header), str(site.index_title)) == ("Quản trị MotCua", "Quản trị hệ thống")


def test_backend_never_authenticates() -> None:
    assert RolePermissionBackend().authenticate(None, username="admin", password="x") is None  # type: ignore[func-returns-value]


@pytest.mark.django_db
def test_demo_tthc_control_officer_logs_in_through_the_admin_login_page() -> None:
    """kiemsoat.tthc (no is_staff, the TTHC-control role) signs in at /admin/login/ like staff do."""
    from motcua.demo.data import DEMO_PASSWORD, load_demo

    load_demo()
    client = Client()
    page = client.get(reverse("admin:login"))
    assert page.status_code == 200
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "kiemsoat.tthc", "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "Thủ tục hành chính" in html and "Ngày điều chỉnh lịch làm việc" in html
    assert "Vai trò cán bộ" not in html  # the organisation stays the administrator's
    assert client.get(changelist("catalogue_procedure")).status_code == 200
    assert client.get(changelist("organisation_agency")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tiepnhan.hoankiem", "congdan"])
def test_admin_login_page_still_refuses_who_may_not_use_the_admin(username: str) -> None:
    from motcua.demo.data import DEMO_PASSWORD, load_demo

    load_demo()
    client = Client()
    response = client.post(reverse("admin:login"), {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
