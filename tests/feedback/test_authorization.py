"""Every PAKN page and endpoint refuses anonymous users, other citizens, other agencies and wrong roles:
denied, nothing changed, nothing leaked."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.feedback.models import Feedback
from motcua.feedback.services import pakn
from tests.feedback.conftest import returned_dossier
from tests.helpers import api_client, as_

SECRET = "Bí mật 0912000111"


def snapshot(item: Feedback) -> tuple[Any, ...]:
    item.refresh_from_db()
    return (item.status, item.version, item.agency_id, item.assignee_id, item.answer, item.events.count())


def client(world: Any, name: str | None) -> Client:
    c = Client()
    if name:
        c.force_login(world.user(name))
    return c


@pytest.fixture
def item(world: Any, categories: None) -> Feedback:
    d = returned_dossier(world)
    return pakn.submit_feedback(
        actor=as_(world, "citizen"),
        data=pakn.FeedbackInput(
            category="thai-do-can-bo", subject="dossier", dossier_code=d.code, title="Thái độ", text=SECRET
        ),
    )


@pytest.mark.django_db
def test_handling_pages_denied(world: Any, item: Feedback) -> None:
    before = snapshot(item)
    url = f"/phan-anh/xu-ly/{item.pk}/"
    for name, expected in [
        (None, 302),
        ("citizen", 403),
        ("other_citizen", 403),
        ("clerk", 403),
        ("other_head", 404),
        ("dept_head", 404),
    ]:
        c = client(world, name)
        for response in [c.get(url), c.post(url, {"action": "reject", "reason": "x"})]:
            assert response.status_code == expected, (name, response.status_code)
            assert SECRET not in response.content.decode()
        listing = c.get("/phan-anh/xu-ly/")
        assert listing.status_code in (302, 403, 200)
        assert SECRET not in listing.content.decode() and "Thái độ" not in listing.content.decode()
    # The right body, the wrong role for the step: a specialist may not publish or assign.
    c = client(world, "specialist")
    assert c.post(url, {"action": "assign", "assignee": "specialist"}).status_code == 403
    assert c.post(url, {"action": "route", "agency_code": "H26.102"}).status_code == 403
    assert snapshot(item) == before
    head = client(world, "head")
    assert "Thái độ" in head.get("/phan-anh/xu-ly/").content.decode()
    assert head.post(url, {"action": "assign", "assignee": "specialist"}).status_code == 302
    assert snapshot(item)[:4] == ("in_progress", 2, world.commune.pk, world.user("specialist").pk)


@pytest.mark.django_db
def test_citizen_pages_denied(world: Any, item: Feedback) -> None:
    url = f"/phan-anh/cua-toi/{item.pk}/"
    assert client(world, None).get(url).status_code == 302
    for name in ["other_citizen", "head", "other_head"]:
        r = client(world, name).get(url)
        assert r.status_code == 404 and SECRET not in r.content.decode()
        assert SECRET not in client(world, name).get("/phan-anh/cua-toi/").content.decode()
    assert SECRET in client(world, "citizen").get(url).content.decode()
    # Unpublished items are not public.
    assert client(world, None).get(f"/phan-anh/{item.pk}/").status_code == 404
    assert SECRET not in client(world, None).get("/phan-anh/").content.decode()


@pytest.mark.django_db
def test_api_denied(world: Any, item: Feedback) -> None:
    before = snapshot(item)
    detail = f"/api/v1/feedback/{item.pk}"
    action = f"/api/v1/feedback/{item.pk}/actions/reject"
    assert api_client(None).get(detail).status_code == 401
    assert api_client(None).post(action, {"reason": "x"}, content_type="application/json").status_code == 401
    for name in ["other_citizen", "other_head", "clerk", "dept_head"]:
        c = api_client(world.user(name))
        r = c.get(detail)
        assert r.status_code == 404 and SECRET not in r.content.decode(), name
        assert c.post(action, {"reason": "x"}, content_type="application/json").status_code == 404
        assert SECRET not in c.get("/api/v1/feedback/worklist").content.decode()
    c = api_client(world.user("citizen"))
    assert c.post(action, {"reason": "x"}, content_type="application/json").status_code == 403  # the sender
    assert (
        api_client(world.user("specialist"))
        .post(f"/api/v1/feedback/{item.pk}/actions/publish", {}, content_type="application/json")
        .status_code
        == 403
    )
    assert snapshot(item) == before
    ok = api_client(world.user("reception")).post(action, {"reason": "Không hợp lệ"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "rejected"


@pytest.mark.django_db
def test_submit_page_and_api(world: Any, categories: None) -> None:
    form = {
        "category": "dich-vu-cong-truc-tuyen",
        "subject": "service",
        "service_name": "Thanh toán trực tuyến",
        "title": "Lỗi thanh toán",
        "text": "Không thanh toán được.",
    }
    anon = Client()
    assert anon.get("/phan-anh/gui/").status_code == 200
    r = anon.post("/phan-anh/gui/", form)
    assert r.status_code == 400 and "họ tên" in r.content.decode()
    assert Feedback.objects.count() == 0
    r = anon.post("/phan-anh/gui/", {**form, "contact_name": "Trần An", "contact_email": "an@example.vn"})
    assert (r.status_code, r["Location"]) == (302, "/phan-anh/gui/da-gui/")
    c = client(world, "citizen")
    r = c.post("/phan-anh/gui/", form)
    created = Feedback.objects.order_by("-id").first()
    assert r.status_code == 302 and r["Location"] == f"/phan-anh/cua-toi/{created.pk}/"
    assert (created.citizen, created.channel) == (world.user("citizen"), "web")
    assert api_client(None).post("/api/v1/feedback", form, content_type="application/json").status_code == 401
    api = api_client(world.user("citizen")).post("/api/v1/feedback", form, content_type="application/json")
    assert api.status_code == 201 and api.json()["status"] == "received"
