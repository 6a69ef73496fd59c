"""Vietnamese by default: every page is Vietnamese whatever the browser asks, until the visible switch.

A browser set to English (``Accept-Language: en-US``) still gets the Vietnamese portal, back office
and admin; only the "English" / "Tiếng Việt" switch in the header changes the language, and the
choice is kept in a cookie. The Vietnamese pages hold none of the English that Django, django-axes
and django-tasks-db bring (their Vietnamese catalogues are incomplete: src/motcua/locale/vi), no
raw codes in the histories, and dates are dd/mm/yyyy.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from motcua.dossiers.services import lifecycle
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback
from motcua.feedback.services import pakn
from tests.helpers import as_, demo_procedures, make_user, submit

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}

# English that reached Vietnamese pages before (Django's admin and password validators, django-axes,
# django-tasks-db, raw history codes) or that Django prints by default (dates like "Dec. 1, 2026").
ENGLISH = [
    "Access attempts",
    "Access attempt",
    "Access logs",
    "Access failures",
    "Task results",
    "Task Results",
    "Tasks Database Backend",
    "Axes",
    "Toggle theme",
    "Toggle navigation",
    "Skip to main content",
    "Model name",
    "Add link",
    "Change or view list link",
    "Show counts",
    "Hide counts",
    "Select this object",
    "Select all objects",
    "Breadcrumbs",
    "Filter navigation items",
    "Sidebar",
    "From status",
    "To status",
    "submit (",
    "received)",
    "This password",
    "password is too",
    "Raw passwords",
    "Revoked at",
    "Key hash",
    "Created at",
    "Last used at",
    "Search",
    "Attempt Time",
    "User Agent",
    "IP Address",
    "Locked Out",
    "Enqueued at",
    "Task name",
    "Status",
    "Django site admin",
    "Django administration",
    "Feedback",
    "Welcome,",
    "View site",
    "Log out",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
]
MONTH_FIRST_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")
ISO_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
LONG_VI_DATE = re.compile(r"\d+ tháng \d+ năm \d{4}")


def visible(page: str) -> str:
    """The text a person sees or hears: text nodes, and title/aria-label/alt/placeholder/button values."""
    body = re.sub(r"(?is)<(script|style|textarea)[^>]*>.*?</\1>", " ", page)
    said = re.findall(r'(?:title|aria-label|alt|placeholder)="([^"]*)"', body)
    said += re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', body)
    text = re.sub(r"<[^>]+>", " ", body) + " " + " ".join(said)
    return " ".join(htmllib.unescape(text).split())


def english_in(page: str) -> list[str]:
    text = visible(page)
    found = [phrase for phrase in ENGLISH if re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", text)]
    found += [m.group(0) for m in MONTH_FIRST_DATE.finditer(text)]
    found += [m.group(0) for m in ISO_DATE.finditer(text)]
    found += [m.group(0) for m in LONG_VI_DATE.finditer(text)]
    return found


def get(client: Client, url: str) -> str:
    response = client.get(url, **ENGLISH_BROWSER)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="vi"' in page, url
    return page


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    """A dossier taken through reception, and a complaint about it, answered."""
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    dossier = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    item = pakn.submit_feedback(
        actor=as_(world, "citizen"),
        data=pakn.FeedbackInput(
            category="giai-quyet-ho-so",
            subject="dossier",
            dossier_code=dossier.code,
            title="Hồ sơ trễ hẹn",
            text="Hồ sơ của tôi chưa được giải quyết.",
            attributes={"delay": "late"},
        ),
    )
    item = pakn.assign(item.pk, actor=as_(world, "head"), assignee_username="specialist")
    return {"dossier": dossier, "feedback": item}


def test_an_english_browser_gets_vietnamese_pages_and_the_switch_to_english(world: Any, scene: dict[str, Any]) -> None:
    anonymous = Client()
    for url in ("/", "/thu-tuc/", "/thu-tuc/T.001/", "/dang-nhap/", "/tra-cuu/"):
        page = get(anonymous, url)
        assert (
            '<button type="submit" name="language" value="en" lang="en" class="link-button lang-switch">'
            "English</button>"
        ) in page
    assert "Tìm thủ tục hành chính" in get(anonymous, "/")
    reception = Client()
    reception.force_login(world.user("reception"))
    assert "Hồ sơ cần xử lý" in get(reception, "/backoffice/")
    # The switch: English, remembered in a cookie for a year, then back to Vietnamese.
    response = reception.post("/i18n/setlang/", {"language": "en", "next": "/backoffice/"}, **ENGLISH_BROWSER)
    assert response.status_code == 302 and response["Location"] == "/backoffice/"
    cookie = reception.cookies["django_language"]
    assert cookie.value == "en" and int(cookie["max-age"]) == 365 * 24 * 3600 and cookie["samesite"] == "Lax"
    english = reception.get("/backoffice/", **ENGLISH_BROWSER).content.decode()
    assert '<html lang="en">' in english and "Hồ sơ cần xử lý" not in english
    assert 'value="vi" lang="vi" class="link-button lang-switch">Tiếng Việt</button>' in english
    reception.post("/i18n/setlang/", {"language": "vi", "next": "/backoffice/"})
    assert "Hồ sơ cần xử lý" in get(reception, "/backoffice/")


def test_pages_vary_on_the_cookie_not_on_accept_language() -> None:
    response = Client().get("/", **ENGLISH_BROWSER)
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response["Vary"] and "Cookie" in response["Vary"]


def test_the_admin_is_vietnamese_with_its_own_switch(world: Any) -> None:
    page = get(Client(), "/admin/login/")
    assert "Quản trị MotCua" in page and ">English</button>" in page and english_in(page) == []


def test_no_english_on_the_public_pages(world: Any, scene: dict[str, Any]) -> None:
    anonymous = Client()
    for url in (
        "/",
        "/thu-tuc/",
        "/thu-tuc/T.001/",
        "/tra-cuu/",
        f"/tra-cuu/{scene['dossier'].code}/",
        "/dang-nhap/",
        "/dang-ky/",
        "/phan-anh/",
        "/phan-anh/gui/",
        "/cong-khai/",
        "/admin/login/",
    ):
        assert english_in(get(anonymous, url)) == [], url


def test_password_messages_are_vietnamese(world: Any) -> None:
    response = Client().post(
        "/dang-ky/",
        {"full_name": "Trần Văn Bình", "personal_id": "001090012346", "username": "tranbinh", "password": "1234567"},
        **ENGLISH_BROWSER,
    )
    page = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự. Mật khẩu này quá phổ biến." in page
    assert english_in(page) == []


def test_complaint_histories_read_in_words(world: Any, scene: dict[str, Any]) -> None:
    item: Feedback = scene["feedback"]
    citizen = Client()
    citizen.force_login(world.user("citizen"))
    head = Client()
    head.force_login(world.user("head"))
    for client, url in ((citizen, f"/phan-anh/cua-toi/{item.pk}/"), (head, f"/phan-anh/xu-ly/{item.pk}/")):
        page = get(client, url)
        text = visible(page)
        assert "Nguyễn Thị Hằng: Gửi phản ánh, kiến nghị (— → Đã tiếp nhận)" in text, url
        assert "Phân công xử lý (Đã tiếp nhận → Đang xử lý)" in text, url
        assert english_in(page) == [], url


def test_no_english_in_the_back_office_and_the_account(world: Any, scene: dict[str, Any]) -> None:
    code = scene["dossier"].code
    for name, urls in (
        (
            "reception",
            ["/backoffice/", f"/backoffice/ho-so/{code}/", "/backoffice/tiep-nhan/", "/backoffice/so-theo-doi/"],
        ),
        (
            "head",
            [
                "/backoffice/",
                f"/backoffice/ho-so/{code}/",
                "/phan-anh/xu-ly/",
                "/backoffice/buoc-xu-ly/",
                "/thong-ke/",
                "/thong-ke/bao-cao/",
                "/thong-ke/bao-cao/?date_from=01/11/2026&date_to=30/11/2026",
            ],
        ),
        ("citizen", ["/tai-khoan/", f"/tai-khoan/ho-so/{code}/", "/thong-bao/", "/phan-anh/cua-toi/"]),
    ):
        client = Client()
        client.force_login(world.user(name))
        for url in urls:
            assert english_in(get(client, url)) == [], (name, url)


def test_no_english_in_the_admin(world: Any, scene: dict[str, Any]) -> None:
    """The admin index, every changelist and the change page of the first row of each."""
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    client.post("/admin/login/", {"username": "root", "password": "wrong"})  # an axes access attempt to list
    pakn.answer(scene["feedback"].pk, actor=as_(world, "specialist"), text="Đã xử lý.")
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:auth_group_add")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    assert len(urls) > 40
    problems = {}
    for url in urls:
        found = english_in(get(client, url))
        if found:
            problems[url] = found
    assert problems == {}
    index = visible(get(client, "/admin/"))
    for name in (
        "Khóa đăng nhập",
        "Các lần thử đăng nhập sai",
        "Tác vụ nền",
        "Kết quả tác vụ nền",
        "Phản ánh, kiến nghị và đánh giá",
        "Đổi giao diện sáng/tối (đang dùng: tự động)",
    ):
        assert name in index, name


def test_no_demo_data_notes_on_the_procedure_pages(world: Any) -> None:
    """The notes on unchecked facts of the demo catalogue are in docs/catalogue-format.md, not on the pages."""
    import json

    from motcua.catalogue.services import DEMO_CATALOGUE

    codes = [p["code"] for p in json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))["procedures"]]
    demo_procedures(*codes)
    anonymous = Client()
    for code in codes:
        text = visible(get(anonymous, f"/thu-tuc/{code}/"))
        for note in ("dữ liệu mẫu", "Ghi chú dữ liệu", "cần đối chiếu", "chưa được đối chiếu", "chỗ giữ chỗ"):
            assert note not in text, (code, note)


def test_django_admin_and_auth_have_every_message_in_vietnamese() -> None:
    """Django's own Vietnamese lacks messages of its newer releases; locale/vi adds them (check after upgrades)."""
    from pathlib import Path

    import django
    from django.utils import translation

    from tests.web.test_english import parse_po

    same_in_both = {"%(class_name)s %(instance)s"}
    untranslated = []
    with translation.override("vi"):
        for app in ("admin", "auth", "contenttypes"):
            po = Path(django.__file__).parent / "contrib" / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
            for e in parse_po(po.read_text(encoding="utf-8"))[1:]:
                if "msgctxt" in e:
                    said = translation.pgettext(e["msgctxt"], e["msgid"])
                elif "msgid_plural" in e:
                    said = translation.ngettext(e["msgid"], e["msgid_plural"], 2)
                else:
                    said = translation.gettext(e["msgid"])
                if said in (e["msgid"], e.get("msgid_plural")) and e["msgid"] not in same_in_both:
                    untranslated.append((app, e["msgid"]))
    assert untranslated == []
