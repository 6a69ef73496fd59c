"""The digitisation endpoint (số hóa) and the digitisation metadata in the dossier output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from motcua.dossiers.models import Digitisation, DossierEvent
from tests.api.test_authorization import assert_denied
from tests.dossiers.test_digitisation import counter_dossier, paper_of
from tests.helpers import api_client

pytestmark = pytest.mark.django_db
BODY = {
    "document_type": "GCN_QSDD",
    "number": "CĐ 123456",
    "issuing_body": "Sở Tài nguyên và Môi trường",
    "issued_on": "2019-08-01",
    "valid_until": None,
    "kind": "scan",
}


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_reception_officer_digitises_and_officials_see_the_metadata(world: Any, frozen: Any) -> None:
    d = counter_dossier(world)
    doc = paper_of(d)
    url = f"/api/v1/dossiers/{d.code}/documents/{doc.pk}/digitisation"
    response = post(api_client(world.user("reception")), url, BODY)
    assert response.status_code == 201, response.content
    out = response.json()["digitisation"]
    assert (out["document_type"], out["document_type_name"], out["number"], out["digitised_by"]) == (
        "GCN_QSDD",
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (sổ đỏ, sổ hồng)",
        "CĐ 123456",
        "reception",
    )
    assert out["issued_on"] == "2019-08-01" and out["sealed"] is False and out["kind"] == "scan"
    detail = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}").json()
    assert detail["documents"][0]["digitisation"]["number"] == "CĐ 123456"
    again = post(api_client(world.user("reception")), url, BODY)
    assert (again.status_code, again.json()["code"]) == (409, "already_digitised")


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"document_type": "NOPE"}, 422, "unknown_document_type"),
        ({"issued_on": "2099-01-01"}, 422, "future_date"),
        ({"valid_until": "2019-07-31"}, 422, "expiry_before_issue"),
        ({"kind": "certified_copy"}, 422, "certifier_required"),
        ({"issued_on": "01/08/2019x"}, 422, None),
        ({"extra": 1}, 422, None),
    ],
)
def test_bad_input_is_a_clear_4xx(world: Any, change: dict[str, Any], status: int, code: str | None) -> None:
    d = counter_dossier(world)
    url = f"/api/v1/dossiers/{d.code}/documents/{paper_of(d).pk}/digitisation"
    response = post(api_client(world.user("reception")), url, {**BODY, **change})
    assert response.status_code == status, response.content
    assert set(response.json()) == {"code", "message", "details"}
    if code:
        assert response.json()["code"] == code
    assert not Digitisation.objects.exists()


def test_digitising_is_denied_to_whoever_may_not(world: Any) -> None:
    d = counter_dossier(world)
    doc = paper_of(d)
    url = f"/api/v1/dossiers/{d.code}/documents/{doc.pk}/digitisation"
    lines = DossierEvent.objects.count()
    assert_denied(post(api_client(None), url, BODY), {401})
    for outsider in ["citizen", "other_citizen", "other_reception", "other_head", "dept_head"]:
        assert_denied(post(api_client(world.user(outsider)), url, BODY), {404})
    for role in ["specialist", "head", "clerk"]:
        assert_denied(post(api_client(world.user(role)), url, BODY), {403})
    other = counter_dossier(world)  # a document of another dossier under this dossier's code
    wrong = f"/api/v1/dossiers/{d.code}/documents/{paper_of(other).pk}/digitisation"
    assert_denied(post(api_client(world.user("reception")), wrong, BODY), {404})
    assert not Digitisation.objects.exists() and DossierEvent.objects.count() == lines + 2  # other's submit, receive


def test_applicants_do_not_get_the_metadata(world: Any) -> None:
    from tests.helpers import submit

    mine = submit(world)  # online: nothing to digitise, and the applicant sees no digitisation field filled
    detail = api_client(world.user("citizen")).get(f"/api/v1/dossiers/{mine.code}").json()
    assert detail["documents"][0]["digitisation"] is None


def test_the_document_type_list_is_public(world: Any) -> None:
    response = api_client(None).get("/api/v1/document-types")
    assert response.status_code == 200
    assert {"code": "GPLX", "name": "Giấy phép lái xe"} in response.json()
