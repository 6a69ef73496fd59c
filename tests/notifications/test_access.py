"""Every new endpoint and page: the owner may, everybody else is denied, changes nothing, learns nothing."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from motcua.core import outbox
from motcua.core.models import AuditLog
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import ChannelPreference, Notice, Notification
from tests.helpers import api_client, as_, submit

T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")
SECRETS = ["Nguyễn Thị Hằng", "0912345678", "84912345678", "hang@example.vn", "H26.101-"]
OUTSIDERS = ["other_citizen", "other_reception", "other_head", "dept_head"]


@pytest.fixture
def noticed(world: Any, frozen: Any, sms_gateway: Any) -> Any:
    """A received dossier of the citizen, its notices delivered (in-app, e-mail, SMS)."""
    frozen(T0)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    outbox.deliver_due()
    return d


def page_client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def no_secrets(text: str) -> None:
    assert [s for s in SECRETS if s in text] == []


@pytest.mark.django_db
def test_my_notices_api_lists_only_mine_and_read_marks_only_mine(world: Any, noticed: Any) -> None:
    mine = api_client(world.user("citizen")).get("/api/v1/notices").json()
    assert mine["unread"] == 2
    assert [i["title"] for i in mine["items"]] == [
        f"Hồ sơ {noticed.code} đã được tiếp nhận",
        f"Hồ sơ {noticed.code} đã được gửi",
    ]
    assert mine["items"][0]["dossier_code"] == noticed.code
    notice_id = mine["items"][0]["id"]
    assert api_client(None).get("/api/v1/notices").status_code == 401
    assert api_client(None).post(f"/api/v1/notices/{notice_id}/read").status_code == 401
    for name in OUTSIDERS:
        client = api_client(world.user(name))
        listing = client.get("/api/v1/notices")
        assert listing.json() == {"unread": 0, "items": []}
        denied = client.post(f"/api/v1/notices/{notice_id}/read")
        assert (denied.status_code, denied.json()["code"]) == (404, "not_found")
        no_secrets(denied.content.decode())
    assert Notice.objects.filter(read_at__isnull=False).count() == 0
    read = api_client(world.user("citizen")).post(f"/api/v1/notices/{notice_id}/read")
    assert read.status_code == 200 and read.json()["read_at"] == "2026-11-23T02:00:00Z"
    assert api_client(world.user("citizen")).get("/api/v1/notices?unread=true").json()["unread"] == 1


@pytest.mark.django_db
def test_preferences_api_is_per_user(world: Any) -> None:
    citizen = world.user("citizen")
    assert api_client(None).get("/api/v1/notification-preferences").status_code == 401
    put = api_client(None).put(
        "/api/v1/notification-preferences", json.dumps({"sms": False}), content_type="application/json"
    )
    assert put.status_code == 401
    client = api_client(citizen)
    assert client.get("/api/v1/notification-preferences").json() == {
        "email": True,
        "sms": True,
        "zalo": True,
        "in_app": True,
    }
    bad = client.put(
        "/api/v1/notification-preferences", json.dumps({"sms": False, "user_id": 5}), content_type="application/json"
    )
    assert bad.status_code == 422 and not ChannelPreference.objects.exists()
    ok = client.put(
        "/api/v1/notification-preferences", json.dumps({"sms": False, "zalo": False}), content_type="application/json"
    )
    assert ok.json() == {"email": True, "sms": False, "zalo": False, "in_app": True}
    assert api_client(world.user("other_citizen")).get("/api/v1/notification-preferences").json()["sms"] is True
    log = AuditLog.objects.get(action="notification_preferences_set")
    assert (log.actor, log.changes) == (citizen, {"sms": [True, False], "zalo": [True, False]})


@pytest.mark.django_db
def test_dossier_notices_api_for_its_officials_and_its_applicant_only(world: Any, noticed: Any) -> None:
    url = f"/api/v1/dossiers/{noticed.code}/notices"
    assert api_client(None).get(url).status_code == 401
    for name in OUTSIDERS:
        denied = api_client(world.user(name)).get(url)
        assert (denied.status_code, denied.json()["code"]) == (404, "not_found")
        no_secrets(denied.content.decode().replace(noticed.code, ""))
    rows = api_client(world.user("reception")).get(url).json()
    assert [(r["event"], r["channel"], r["recipient"], r["status"], r["attempts"]) for r in rows] == [
        ("submitted", "in_app", f"#{world.user('citizen').pk}", "sent", 1),
        ("submitted", "email", "h***@example.vn", "sent", 1),
        ("submitted", "sms", "8491****678", "sent", 1),
        ("received", "in_app", f"#{world.user('citizen').pk}", "sent", 1),
        ("received", "email", "h***@example.vn", "sent", 1),
        ("received", "sms", "8491****678", "sent", 1),
    ]
    assert rows[4]["event_label"] == "Tiếp nhận hồ sơ" and rows[4]["sent_at"] == "2026-11-23T02:00:00Z"
    assert api_client(world.user("citizen")).get(url).json() == rows  # applicants see their own dossier's notices
    no_secrets(json.dumps(rows, ensure_ascii=False).replace(noticed.code, ""))


@pytest.mark.django_db
def test_dossier_notices_partial_masks_recipients(world: Any, noticed: Any) -> None:
    Notification.objects.filter(channel="sms", event="received").update(status="failed", last_error="HTTP 503")
    html = render_to_string("notifications/_dossier_notices.html", {"dossier": noticed})
    assert html.count("<tr>") == 7
    assert "h***@example.vn" in html and "8491****678" in html and "HTTP 503" in html
    assert "Gửi thất bại" in html and "Gửi: 09:00 23/11/2026" in html
    no_secrets(html.replace(noticed.code, ""))
    other = submit(world, user="other_citizen")
    assert "Chưa có thông báo nào về hồ sơ này." in render_to_string(
        "notifications/_dossier_notices.html", {"dossier": other}
    )


@pytest.mark.django_db
def test_notice_pages_need_login_and_show_only_mine(world: Any, noticed: Any) -> None:
    notice = Notice.objects.filter(user=world.user("citizen")).first()
    assert notice is not None
    for path in ["/thong-bao/", "/thong-bao/cai-dat/"]:
        response = page_client(None).get(path)
        assert (response.status_code, response["Location"]) == (302, f"/dang-nhap/?next={path}")
    anon = page_client(None).post(f"/thong-bao/{notice.pk}/da-doc/")
    assert anon.status_code == 302
    mine = page_client(world.user("citizen")).get("/thong-bao/")
    assert mine.status_code == 200
    text = mine.content.decode()
    assert f"Hồ sơ {noticed.code} đã được tiếp nhận" in text and "Đánh dấu tất cả đã đọc (2 chưa đọc)" in text
    for name in OUTSIDERS:
        client = page_client(world.user(name))
        page = client.get("/thong-bao/").content.decode()
        assert "Chưa có thông báo nào." in page
        no_secrets(page)
        denied = client.post(f"/thong-bao/{notice.pk}/da-doc/")
        assert denied.status_code == 404
        no_secrets(denied.content.decode())
        client.post("/thong-bao/da-doc/")
    assert Notice.objects.filter(read_at__isnull=False).count() == 0
    assert page_client(world.user("citizen")).get(f"/thong-bao/{notice.pk}/da-doc/").status_code == 405
    done = page_client(world.user("citizen")).post(f"/thong-bao/{notice.pk}/da-doc/", HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and "Đánh dấu đã đọc" not in done.content.decode()
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.django_db
def test_preferences_page_saves_the_logged_in_users_choices(world: Any) -> None:
    citizen = page_client(world.user("citizen"))
    page = citizen.get("/thong-bao/cai-dat/").content.decode()
    assert "Cài đặt thông báo" in page and "citizen@example.vn" in page and "checked" in page
    response = citizen.post("/thong-bao/cai-dat/", {"in_app": "on", "email": "on"})
    assert (response.status_code, response["Location"]) == (302, "/thong-bao/cai-dat/")
    pref = ChannelPreference.objects.get(user=world.user("citizen"))
    assert (pref.in_app, pref.email, pref.sms, pref.zalo) == (True, True, False, False)
    assert not ChannelPreference.objects.filter(user=world.user("other_citizen")).exists()


@pytest.mark.django_db
def test_officials_reminders_are_not_notices_to_the_applicant(world: Any, noticed: Any, frozen: Any) -> None:
    """The card "Thông báo đã gửi người nộp" and the applicant's API list only what went to the applicant."""
    from motcua.notifications.reminders import send_reminders

    frozen(datetime.fromisoformat("2026-11-30T09:00+07:00"))  # after the due date: reminders to reception and head
    assert send_reminders() == 2
    outbox.deliver_due()
    assert Notification.objects.filter(dossier=noticed, event="reminder_overdue").count() == 4  # in-app, e-mail each
    html = render_to_string("notifications/_dossier_notices.html", {"dossier": noticed})
    assert html.count("<tr>") == 7  # the header and the applicant's six
    assert "Đôn đốc" not in html and "r***@example.vn" not in html
    url = f"/api/v1/dossiers/{noticed.code}/notices"
    assert {r["event"] for r in api_client(world.user("citizen")).get(url).json()} == {"submitted", "received"}
    assert "reminder_overdue" in {r["event"] for r in api_client(world.user("reception")).get(url).json()}


@pytest.mark.django_db
def test_the_back_office_menu_leads_to_my_notices_with_the_unread_count(world: Any, noticed: Any, frozen: Any) -> None:
    from motcua.notifications.reminders import send_reminders

    head = page_client(world.user("head"))
    menu = head.get("/backoffice/").content.decode()
    assert '<a href="/thong-bao/" class="nav-notices">Thông báo</a>' in menu  # nothing unread: no count
    frozen(datetime.fromisoformat("2026-11-30T09:00+07:00"))
    send_reminders()
    outbox.deliver_due()
    menu = head.get("/backoffice/").content.decode()
    assert (
        '<a href="/thong-bao/" class="nav-notices">Thông báo <span class="badge nav-count">1'
        '<span class="visually-hidden"> chưa đọc</span></span></a>'
    ) in menu
    assert f"Hồ sơ {noticed.code} đã quá hạn" in head.get("/thong-bao/").content.decode()
    citizen = page_client(world.user("citizen")).get("/tai-khoan/").content.decode()
    assert (
        '<a href="/thong-bao/" class="account-notices">Thông báo của tôi <span class="badge warn">2 chưa đọc' in citizen
    )


@pytest.mark.django_db
def test_officials_read_their_notices_inside_the_back_office_citizens_inside_the_portal(world: Any) -> None:
    for path in ("/thong-bao/", "/thong-bao/cai-dat/"):
        official = page_client(world.user("head")).get(path).content.decode()
        assert 'class="backoffice"' in official and "Hồ sơ cần xử lý" in official, path
        citizen = page_client(world.user("citizen")).get(path).content.decode()
        assert 'class="backoffice"' not in citizen and "Hồ sơ cần xử lý" not in citizen, path
        assert "Thủ tục" in citizen, path


def test_the_officials_events_are_the_reminders_templates() -> None:
    from motcua.notifications.events import OFFICIAL_EVENTS
    from motcua.notifications.seed import REMINDERS

    assert set(OFFICIAL_EVENTS) == set(REMINDERS)
