"""Satisfaction ratings: who may rate, when, once; the aggregates with exact numbers; the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from motcua.core.models import AuditLog
from motcua.feedback.models import Rating
from motcua.feedback.services.rating_stats import rating_stats
from motcua.feedback.services.ratings import RatingInput, rate_at_kiosk, rate_online
from tests.feedback.conftest import at, returned_dossier
from tests.helpers import api_client, as_, submit

ALL_SATISFIED = {
    "time": "satisfied",
    "contacts": "satisfied",
    "attitude": "satisfied",
    "correctness": "satisfied",
    "costs": "satisfied",
}


def data(level: str = "very_satisfied", **criteria: str) -> RatingInput:
    return RatingInput(level=level, criteria={**ALL_SATISFIED, **criteria}, comment="Cán bộ nhiệt tình")


@pytest.mark.django_db
def test_owner_rates_online_once_after_return(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = returned_dossier(world)
    r = rate_online(d.code, actor=as_(world, "citizen"), data=data(attitude="very_satisfied"))
    assert (r.level, r.attitude, r.time, r.channel, r.given_by, r.kiosk_officer) == (
        "very_satisfied",
        "very_satisfied",
        "satisfied",
        "online",
        world.user("citizen"),
        None,
    )
    assert (r.agency.code, r.procedure.code, r.comment) == ("H26.101", "T.001", "Cán bộ nhiệt tình")
    # The officials who acted on the dossier (DossierEvent actors): reception, head, specialist? no: clerk.
    assert sorted(u.username for u in r.officials.all()) == ["clerk", "head", "reception"]
    with pytest.raises(Conflict) as exc:
        rate_online(d.code, actor=as_(world, "citizen"), data=data())
    assert exc.value.code == "already_rated"
    with pytest.raises(Conflict):
        rate_at_kiosk(d.code, actor=as_(world, "reception"), data=data())
    assert Rating.objects.count() == 1
    assert AuditLog.objects.filter(action="rating.create").count() == 1


@pytest.mark.django_db
def test_rating_needs_returned_dossier_and_valid_answers(world: Any) -> None:
    d = submit(world)
    with pytest.raises(Conflict) as exc:
        rate_online(d.code, actor=as_(world, "citizen"), data=data())
    assert exc.value.code == "not_returned"
    d = returned_dossier(world)
    with pytest.raises(ValidationError) as v:
        rate_online(d.code, actor=as_(world, "citizen"), data=RatingInput(level="great", criteria=ALL_SATISFIED))
    assert v.value.details == {"field": "level"}
    with pytest.raises(ValidationError) as v:
        rate_online(
            d.code, actor=as_(world, "citizen"), data=RatingInput(level="satisfied", criteria={"time": "satisfied"})
        )
    assert v.value.details == {"field": "contacts"}
    assert Rating.objects.count() == 0


@pytest.mark.django_db
def test_only_owner_online_and_only_receiving_reception_at_kiosk(world: Any) -> None:
    d = returned_dossier(world)
    with pytest.raises(NotFound):
        rate_online(d.code, actor=as_(world, "other_citizen"), data=data())
    with pytest.raises(PermissionDenied):
        rate_online(d.code, actor=as_(world, "reception"), data=data())  # an official cannot rate in the owner's name
    with pytest.raises(NotFound):
        rate_at_kiosk(d.code, actor=as_(world, "other_reception"), data=data())
    with pytest.raises(PermissionDenied):
        rate_at_kiosk(d.code, actor=as_(world, "head"), data=data())
    with pytest.raises(PermissionDenied):
        rate_at_kiosk(d.code, actor=as_(world, "citizen"), data=data())
    assert Rating.objects.count() == 0
    r = rate_at_kiosk(d.code, actor=as_(world, "reception"), data=data("dissatisfied"))
    assert (r.channel, r.kiosk_officer, r.given_by, r.level) == (
        "kiosk",
        world.user("reception"),
        world.user("reception"),
        "dissatisfied",
    )


@pytest.mark.django_db
def test_db_constraint_one_rating_per_dossier(world: Any) -> None:
    from django.db import IntegrityError, transaction

    d = returned_dossier(world)
    r = rate_online(d.code, actor=as_(world, "citizen"), data=data())
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            dossier=d,
            level="satisfied",
            time="satisfied",
            contacts="satisfied",
            attitude="satisfied",
            correctness="satisfied",
            costs="satisfied",
            channel="online",
            agency=r.agency,
            procedure=r.procedure,
            created_at=r.created_at,
        )


@pytest.mark.django_db
def test_aggregates_exact_numbers(world: Any) -> None:
    d1 = returned_dossier(world)
    d2 = returned_dossier(world, assignee="head")
    d3 = returned_dossier(world, procedure="T.002")
    rate_online(d1.code, actor=as_(world, "citizen"), data=data("very_satisfied"))
    rate_online(d2.code, actor=as_(world, "citizen"), data=data("dissatisfied"))
    rate_at_kiosk(d3.code, actor=as_(world, "reception"), data=data("satisfied"))

    by_agency = [r.as_dict() for r in rating_stats(world.user("head"), "agency")]
    assert by_agency == [
        {
            "key": "H26.101",
            "name": "Ủy ban nhân dân Phường Hoàn Kiếm",
            "total": 3,
            "very_satisfied": 1,
            "satisfied": 1,
            "dissatisfied": 1,
            "satisfied_percent": "66.7",
        }
    ]
    by_proc = [
        (r.key, r.total, r.very_satisfied, r.satisfied, r.dissatisfied, str(r.satisfied_percent))
        for r in rating_stats(world.user("head"), "procedure")
    ]
    assert by_proc == [("T.001", 2, 1, 0, 1, "50.0"), ("T.002", 1, 0, 1, 0, "100.0")]
    by_official = [
        (r.key, r.total, r.very_satisfied, r.satisfied, r.dissatisfied)
        for r in rating_stats(world.user("head"), "official")
    ]
    assert by_official == [("clerk", 3, 1, 1, 1), ("head", 3, 1, 1, 1), ("reception", 3, 1, 1, 1)]
    # Another agency's official sees none of them; citizens see no statistics at all.
    assert rating_stats(world.user("other_head"), "agency") == []
    with pytest.raises(PermissionDenied):
        rating_stats(world.user("citizen"), "agency")
    with pytest.raises(ValidationError):
        rating_stats(world.user("head"), "nonsense")


@pytest.mark.django_db
def test_rating_pages(world: Any) -> None:
    d = returned_dossier(world)
    url = f"/phan-anh/danh-gia/{d.code}/"
    kiosk = f"/phan-anh/kiosk/{d.code}/"
    post = {"level": "satisfied", "comment": "", **{f"c_{k}": v for k, v in ALL_SATISFIED.items()}}
    anon = Client()
    assert anon.get(url).status_code == 302 and anon.post(url, post)["Location"].startswith("/dang-nhap/")
    assert anon.get(kiosk).status_code == 302
    for name, page, status in [
        ("other_citizen", url, 404),
        ("reception", url, 403),
        ("other_reception", kiosk, 404),
        ("head", kiosk, 403),
        ("citizen", kiosk, 403),
    ]:
        c = Client()
        c.force_login(world.user(name))
        r = c.post(page, post)
        assert r.status_code == status, (name, page)
        assert "Nguyễn Thị Hằng" not in r.content.decode()
    assert Rating.objects.count() == 0
    owner = Client()
    owner.force_login(world.user("citizen"))
    page = owner.get(url).content.decode()
    assert "Thái độ, tinh thần phục vụ của cán bộ" in page and "Rất hài lòng" in page
    assert owner.post(url, post).status_code == 302
    assert Rating.objects.get().channel == "online"
    assert "đã được đánh giá" in owner.get(url).content.decode()


@pytest.mark.django_db
def test_kiosk_page_records_officer(world: Any) -> None:
    d = returned_dossier(world)
    c = Client()
    c.force_login(world.user("reception"))
    post = {"level": "very_satisfied", "comment": "Tốt", **{f"c_{k}": v for k, v in ALL_SATISFIED.items()}}
    assert c.post(f"/phan-anh/kiosk/{d.code}/", post).status_code == 302
    r = Rating.objects.get()
    assert (r.channel, r.kiosk_officer.username, r.level) == ("kiosk", "reception", "very_satisfied")
    again = c.post(f"/phan-anh/kiosk/{d.code}/", post)
    assert again.status_code == 409 and "đã được đánh giá" in again.content.decode()
    assert Rating.objects.count() == 1


@pytest.mark.django_db
def test_stats_page_and_api(world: Any) -> None:
    d = returned_dossier(world)
    rate_online(d.code, actor=as_(world, "citizen"), data=data("satisfied"))
    anon = Client()
    assert anon.get("/phan-anh/danh-gia/thong-ke/").status_code == 302
    c = Client()
    c.force_login(world.user("citizen"))
    assert c.get("/phan-anh/danh-gia/thong-ke/").status_code == 403
    c.force_login(world.user("other_head"))
    r = c.get("/phan-anh/danh-gia/thong-ke/")
    assert r.status_code == 200 and "H26.101" not in r.content.decode()
    c.force_login(world.user("head"))
    r = c.get("/phan-anh/danh-gia/thong-ke/?theo=official")
    assert r.status_code == 200 and "Reception" in r.content.decode()
    assert api_client(None).get("/api/v1/ratings/stats").status_code == 401
    assert api_client(world.user("citizen")).get("/api/v1/ratings/stats").status_code == 403
    assert api_client(world.user("other_head")).get("/api/v1/ratings/stats").json() == []
    assert api_client(world.user("head")).get("/api/v1/ratings/stats?by=procedure").json() == [
        {
            "key": "T.001",
            "name": "Thủ tục thử nghiệm ba ngày",
            "total": 1,
            "very_satisfied": 0,
            "satisfied": 1,
            "dissatisfied": 0,
            "satisfied_percent": "100.0",
        }
    ]


@pytest.mark.django_db
def test_rating_api(world: Any) -> None:
    d = returned_dossier(world)
    body = {"level": "satisfied", "criteria": ALL_SATISFIED, "comment": ""}
    url = f"/api/v1/dossiers/{d.code}/rating"
    assert api_client(None).post(url, body, content_type="application/json").status_code == 401
    assert api_client(world.user("other_citizen")).post(url, body, content_type="application/json").status_code == 404
    assert api_client(world.user("reception")).post(url, body, content_type="application/json").status_code == 403
    assert (
        api_client(world.user("citizen")).post(url, {**body, "x": 1}, content_type="application/json").status_code
        == 422
    )
    assert Rating.objects.count() == 0
    r = api_client(world.user("citizen")).post(url, body, content_type="application/json")
    assert r.status_code == 201 and r.json()["channel"] == "online"
    again = api_client(world.user("citizen")).post(url, body, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "already_rated")
