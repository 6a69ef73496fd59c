"""Security in the browser: CSRF, CSP, cookies, login lockout, officials' idle timeout, registration errors."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from tests.helpers import make_user


@pytest.mark.django_db
def test_forms_need_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/dang-nhap/", {"username": "x", "password": "y"}).status_code == 403
    assert client.post("/dang-ky/", {"username": "x"}).status_code == 403
    page = client.get("/dang-nhap/")
    assert b'name="csrfmiddlewaretoken"' in page.content


@pytest.mark.django_db
def test_headers_and_cookies() -> None:
    response = Client().get("/dang-nhap/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    make_user("lan", kind="citizen")
    client = Client()
    client.post("/dang-nhap/", {"username": "lan", "password": "pw-for-tests-123"})
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_secure_cookies_when_served_over_https(settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True  # what MOTCUA_HTTPS=1 sets
    make_user("lan", kind="citizen")
    client = Client()
    client.post("/dang-nhap/", {"username": "lan", "password": "pw-for-tests-123"})
    assert client.cookies["sessionid"]["secure"]


@pytest.mark.django_db
def test_login_lockout_after_repeated_failures() -> None:
    make_user("lan", kind="citizen")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        assert client.post("/dang-nhap/", {"username": "lan", "password": "wrong"}).status_code == 200
    assert client.post("/dang-nhap/", {"username": "lan", "password": "wrong"}).status_code == 429  # 5th failure
    locked = client.post("/dang-nhap/", {"username": "lan", "password": "pw-for-tests-123"})
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_official_session_ends_after_idle_time(settings: Any) -> None:
    settings.MOTCUA_OFFICIAL_IDLE_SECONDS = 60
    official = make_user("canbo")
    citizen = make_user("dan", kind="citizen")
    for user, should_survive in [(official, False), (citizen, True)]:
        client = Client()
        client.force_login(user)
        client.get("/dang-nhap/")
        session = client.session
        session["motcua_last_seen"] = time.time() - 120
        session.save()
        client.get("/dang-nhap/")
        assert ("_auth_user_id" in client.session) is should_survive, user.username


@pytest.mark.django_db
def test_registration_errors_are_shown_next_to_the_field() -> None:
    response = Client().post(
        "/dang-ky/",
        {"full_name": "Lê Thị Bé", "personal_id": "999999999999", "username": "be", "password": "mat-khau-dai-2026"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Mã tỉnh nơi đăng ký khai sinh" in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="id_personal_id-error"' in text
    assert not User.objects.filter(username="be").exists()


@pytest.mark.django_db
def test_server_error_page_renders_without_context() -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500 and "Lỗi hệ thống" in text and "{%" not in text
