"""The portal's PAKN form (/phan-anh/gui/): every category can be sent through it, each with the
additional fields its category asks for; the contact fields come from the account; a complaint
about a dossier starts from the dossier's page with the dossier and the category preset."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.feedback.models import Category, Feedback
from tests.feedback.conftest import returned_dossier
from tests.helpers import api_client

BASE = {"subject": "procedure", "procedure_code": "T.001", "title": "Hồ sơ trễ hẹn", "text": "Đã quá ngày hẹn trả."}


def client(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def controls(html: str) -> dict[str, list[str]]:
    """The names of the form's inputs, selects and textareas, each with its option values (if any)."""
    out: dict[str, list[str]] = {}
    for _tag, name in re.findall(r'<(input|select|textarea)[^>]*\bname="([^"]+)"', html):
        out.setdefault(name, [])
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        out[name] = re.findall(r'<option value="([^"]*)"', body)
    return out


def value_for(spec: dict[str, Any]) -> str:
    if spec.get("values"):
        return str(spec["values"][0]["key"])
    return "42" if spec.get("datatype") == "number" else "T.001"


@pytest.mark.django_db
def test_every_category_can_be_sent_from_the_portal_form(world: Any, categories: None) -> None:
    c = client(world.user("citizen"))
    found = controls(c.get("/phan-anh/gui/").content.decode())
    cats = list(Category.objects.filter(active=True).order_by("order"))
    assert [x.code for x in cats] == [
        "thu-tuc-hanh-chinh",
        "giai-quyet-ho-so",
        "thai-do-can-bo",
        "dich-vu-cong-truc-tuyen",
        "co-so-vat-chat",
    ]
    assert found["category"] == ["", *[x.code for x in cats]]
    for category in cats:
        post = {**BASE, "category": category.code, "title": f"Phản ánh {category.code}"}
        expected = {}
        for spec in category.attributes:
            # The procedure code is the form's own field; other attributes have a field per category.
            name = "procedure_code" if spec["code"] == "procedure_code" else f"attr-{category.code}-{spec['code']}"
            assert name in found, (category.code, name)  # the form shows the field it needs
            post[name] = value_for(spec)
            expected[spec["code"]] = value_for(spec)
        response = c.post("/phan-anh/gui/", post)
        assert response.status_code == 302, (category.code, response.content.decode()[-3000:])
        item = Feedback.objects.get(title=f"Phản ánh {category.code}")
        assert response["Location"] == f"/phan-anh/cua-toi/{item.pk}/"
        assert (item.category.code, item.attributes) == (category.code, expected)
    assert Feedback.objects.count() == 5


@pytest.mark.django_db
def test_a_required_attribute_left_empty_is_shown_next_to_its_field(world: Any, categories: None) -> None:
    c = client(world.user("citizen"))
    response = c.post("/phan-anh/gui/", {**BASE, "category": "giai-quyet-ho-so"})
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<div class="error" id="id_attr-giai-quyet-ho-so-delay-error"><p>[^<]+</p></div>', html)
    assert Feedback.objects.count() == 0
    # Another category's required attribute is neither required nor read.
    ok = c.post("/phan-anh/gui/", {**BASE, "category": "thai-do-can-bo", "attr-giai-quyet-ho-so-delay": "nonsense"})
    assert ok.status_code == 302
    assert Feedback.objects.get().attributes == {}


@pytest.mark.django_db
def test_contact_fields_are_prefilled_from_the_account(world: Any, categories: None) -> None:
    User.objects.filter(pk=world.user("citizen").pk).update(address="12 Hàng Bài, Phường Hoàn Kiếm, Hà Nội")
    html = client(world.user("citizen")).get("/phan-anh/gui/").content.decode()
    for name, value in [
        ("contact_name", "Nguyễn Thị Hằng"),
        ("contact_email", "citizen@example.vn"),
        ("contact_phone", "0912345678"),
        ("contact_address", "12 Hàng Bài, Phường Hoàn Kiếm, Hà Nội"),
    ]:
        assert re.search(rf'name="{name}" value="{value}"', html), name
    anonymous = client(None).get("/phan-anh/gui/").content.decode()
    for name in ("contact_name", "contact_email", "contact_phone", "contact_address"):
        assert re.search(rf'name="{name}"[^>]*>', anonymous) and f'name="{name}" value=' not in anonymous, name
    # Sent as prefilled, the item keeps the account's contact data, the address included.
    r = client(world.user("citizen")).post(
        "/phan-anh/gui/",
        {
            **BASE,
            "category": "thai-do-can-bo",
            "contact_name": "Nguyễn Thị Hằng",
            "contact_email": "citizen@example.vn",
            "contact_phone": "0912345678",
            "contact_address": "12 Hàng Bài, Phường Hoàn Kiếm, Hà Nội",
        },
    )
    assert r.status_code == 302
    item = Feedback.objects.get()
    assert (item.contact_name, item.contact_email, item.contact_phone, item.contact_address) == (
        "Nguyễn Thị Hằng",
        "citizen@example.vn",
        "0912345678",
        "12 Hàng Bài, Phường Hoàn Kiếm, Hà Nội",
    )


@pytest.mark.django_db
def test_complaint_about_a_dossier_starts_from_its_page(world: Any, categories: None) -> None:
    d = returned_dossier(world)
    c = client(world.user("citizen"))
    page = c.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    link = f"/phan-anh/gui/?ho-so={d.code}"
    assert f'<a href="{link}">Phản ánh, kiến nghị về hồ sơ này</a>' in page
    html = c.get(link).content.decode()
    assert f'Phản ánh, kiến nghị về hồ sơ <strong class="code">{d.code}</strong> (Thủ tục thử nghiệm ba ngày).' in html
    assert f'name="dossier_code" value="{d.code}"' in html
    assert '<option value="giai-quyet-ho-so" selected>Giải quyết hồ sơ</option>' in html
    assert '<option value="dossier" selected>Hồ sơ</option>' in html
    assert f'<a href="/tai-khoan/ho-so/{d.code}/">{d.code}</a>' in html
    r = c.post(
        link,
        {
            "category": "giai-quyet-ho-so",
            "subject": "dossier",
            "dossier_code": d.code,
            "attr-giai-quyet-ho-so-delay": "late",
            "title": "Trả kết quả trễ hẹn",
            "text": "Hồ sơ trả kết quả sau ngày hẹn.",
        },
    )
    item = Feedback.objects.get()
    assert (r.status_code, r["Location"]) == (302, f"/phan-anh/cua-toi/{item.pk}/")
    assert (item.dossier_id, item.agency_id, item.attributes, item.subject) == (
        d.pk,
        d.handling_agency_id,
        {"delay": "late"},
        "dossier",
    )
    assert f'<a href="/tai-khoan/ho-so/{d.code}/">{d.code}</a>' in c.get(r["Location"]).content.decode()
    page = c.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert f'<a href="/phan-anh/cua-toi/{item.pk}/">Trả kết quả trễ hẹn</a>' in page


@pytest.mark.django_db
def test_the_dossier_complaint_link_is_for_the_owner_only(world: Any, categories: None) -> None:
    d = returned_dossier(world)
    link = f"/phan-anh/gui/?ho-so={d.code}"
    anonymous = client(None).get(link)
    assert (anonymous.status_code, anonymous["Location"]) == (
        302,
        f"/dang-nhap/?next=/phan-anh/gui/%3Fho-so%3D{d.code}",
    )
    for name in ("other_citizen", "reception", "head"):
        r = client(world.user(name)).get(link)
        body = r.content.decode()
        assert r.status_code == 404, name
        assert "Nguyễn Thị Hằng" not in body and "Thủ tục thử nghiệm ba ngày" not in body, name
        post = client(world.user(name)).post(
            link,
            {"category": "thai-do-can-bo", "subject": "dossier", "dossier_code": d.code, "title": "x", "text": "y"},
        )
        assert post.status_code == 404, name
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_api_accepts_the_attributes_of_a_category(world: Any, categories: None) -> None:
    api = api_client(world.user("citizen"))
    body = {"category": "giai-quyet-ho-so", **BASE}
    missing = api.post("/api/v1/feedback", body, content_type="application/json")
    assert (missing.status_code, missing.json()["code"]) == (422, "attribute_required")
    ok = api.post("/api/v1/feedback", {**body, "attributes": {"delay": "supplement"}}, content_type="application/json")
    assert ok.status_code == 201
    assert Feedback.objects.get().attributes == {"delay": "supplement"}
