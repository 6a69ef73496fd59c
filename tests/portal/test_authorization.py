"""Who may open each portal page: anonymous users go to login, other citizens get 404, officials
go to the back office. A denied request changes nothing and shows no personal data."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.portal.models import Draft, DraftFile
from tests.helpers import as_, submit
from tests.portal.helpers import client_for, draft_at_review, pdf

PRIVATE = ("Nguyễn Thị Hằng", "001190012345", "hang@example.vn", "12 Hàng Bài", "Bổ túc hồ sơ")


def snapshot() -> tuple[Any, ...]:
    return (
        list(Dossier.objects.values_list("code", "status", "version")),
        DossierEvent.objects.count(),
        DossierDocument.objects.count(),
        list(Draft.objects.values_list("pk", "step", "form_data")),
        DraftFile.objects.count(),
    )


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    draft = draft_at_review(client_for(world.user("citizen")))
    dossier = submit(world)
    lifecycle.request_supplement(
        dossier.pk,
        actor=as_(world, "reception"),
        items=[{"requirement": "TP1", "name": "Tờ khai", "reason": "Thiếu chữ ký."}],
    )
    d, c = draft.pk, dossier.code
    return {
        "draft": draft,
        "dossier": dossier,
        "get": [
            "/tai-khoan/",
            f"/tai-khoan/ho-so/{c}/",
            f"/tai-khoan/ho-so/{c}/rut/",
            "/nop-ho-so/T.001/",
            f"/nop-ho-so/ban-nhap/{d}/1/",
            f"/nop-ho-so/ban-nhap/{d}/2/",
            f"/nop-ho-so/ban-nhap/{d}/3/",
            f"/nop-ho-so/ban-nhap/{d}/4/",
            f"/nop-ho-so/ban-nhap/{d}/xoa/",
            f"/nop-ho-so/da-nop/{c}/",
        ],
        "post": [
            (f"/tai-khoan/ho-so/{c}/rut/", {"confirm": "yes"}),
            (f"/tai-khoan/ho-so/{c}/bo-sung/", {"item": "0"}),
            (f"/tai-khoan/ho-so/{c}/gui-bo-sung/", {}),
            ("/nop-ho-so/T.001/", {"agency_code": "H26.101"}),
            (f"/nop-ho-so/ban-nhap/{d}/1/", {"agency_code": "H26.102"}),
            (f"/nop-ho-so/ban-nhap/{d}/2/", {"purpose": "x"}),
            (f"/nop-ho-so/ban-nhap/{d}/3/", {}),
            (f"/nop-ho-so/ban-nhap/{d}/4/", {}),
            (f"/nop-ho-so/ban-nhap/{d}/tep/TP1/xoa/", {}),
            (f"/nop-ho-so/ban-nhap/{d}/xoa/", {}),
        ],
    }


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_changes_nothing(setup: dict[str, Any]) -> None:
    client = client_for(None)
    before = snapshot()
    for url in setup["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next="), url
    for url, data in setup["post"]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next="), url
    assert snapshot() == before


@pytest.mark.django_db
def test_another_citizen_gets_404_and_sees_nothing(world: Any, setup: dict[str, Any]) -> None:
    client = client_for(world.user("other_citizen"))
    before = snapshot()
    owned = [u for u in setup["get"] if u not in ("/tai-khoan/", "/nop-ho-so/T.001/")]
    for url in owned:
        response = client.get(url)
        assert response.status_code == 404, url
        assert not any(p in response.content.decode() for p in PRIVATE), url
    for url, data in setup["post"]:
        if url == "/nop-ho-so/T.001/":
            continue
        response = client.post(url, {**data, "file": pdf()} if "bo-sung" in url else data)
        assert response.status_code == 404, url
        assert not any(p in response.content.decode() for p in PRIVATE), url
    html = client.get("/tai-khoan/").content.decode()
    assert setup["dossier"].code not in html and "Thủ tục thử nghiệm" not in html
    assert snapshot() == before


@pytest.mark.parametrize("official", ["reception", "head", "other_reception", "admin"])
@pytest.mark.django_db
def test_officials_are_sent_to_the_back_office(world: Any, setup: dict[str, Any], official: str) -> None:
    client = client_for(world.user(official))
    before = snapshot()
    for url in setup["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/backoffice/", url
    for url, data in setup["post"]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == "/backoffice/", url
    assert snapshot() == before


@pytest.mark.django_db
def test_public_pages_need_no_login_and_show_no_personal_data(setup: dict[str, Any]) -> None:
    client = client_for(None)
    code = setup["dossier"].code
    for url in ["/", "/thu-tuc/", "/thu-tuc/T.001/", "/tra-cuu/", f"/tra-cuu/{code}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not any(p in response.content.decode() for p in PRIVATE), url
    assert "Thiếu chữ ký." not in client.get(f"/tra-cuu/{code}/").content.decode()
