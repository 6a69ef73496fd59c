"""Every back-office page and action, for everyone who must not use it: denied, nothing changed, nothing leaked.

- anonymous → the login page; citizens (even the applicant) → 403;
- officials of another agency → 404; officials without the role → 403.
"""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, SupplementRequest
from motcua.dossiers.services import documents, lifecycle
from tests.backoffice.conftest import fresh, in_state
from tests.helpers import as_, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db

PERSONAL = ["Nguyễn Thị Hằng", "001190012345", "0912345678", "hang@example.vn", "Hàng Bài", "Bổ túc hồ sơ"]


def dossier_in(world: Any, state: str) -> Dossier:
    if state in ("submitted", "received", "processing", "approved"):
        return in_state(world, state)
    if state == "supplement_requested":
        d = in_state(world, "received")
        lifecycle.request_supplement(d.pk, actor=as_(world, "head"), items=[{"name": "Tờ khai", "reason": "Sai"}])
        return fresh(d)
    if state == "result_ready":
        d = in_state(world, "approved")
        documents.upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
        lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
        return fresh(d)
    if state == "refused":
        d = in_state(world, "processing")
        lifecycle.refuse(d.pk, actor=as_(world, "head"), reasons="Không đủ điều kiện")
        return fresh(d)
    raise ValueError(state)


def snapshot(d: Dossier) -> tuple[Any, ...]:
    x = fresh(d)
    return (
        x.status,
        x.version,
        x.assignee_id,
        x.handling_agency_id,
        x.due_at,
        DossierEvent.objects.count(),
        DossierDocument.objects.count(),
        SupplementRequest.objects.count(),
    )


def assert_no_personal_data(response: Any) -> None:
    body = response.content.decode()
    for text in PERSONAL:
        assert text not in body, text


# action, state in which it is allowed, a same-agency official without the role
ACTIONS = [
    ("receive", "submitted", "clerk"),
    ("request_supplement", "submitted", "clerk"),
    ("refuse_reception", "submitted", "specialist"),
    ("withdraw", "submitted", "head"),
    ("supplement", "supplement_requested", "clerk"),
    ("fee_paid", "submitted", "head"),
    ("forward", "received", "clerk"),
    ("assign", "received", "specialist"),
    ("extend", "received", "clerk"),
    ("stop", "received", "specialist"),
    ("approve", "processing", "specialist"),
    ("refuse", "processing", "reception"),
    ("issue_result", "approved", "reception"),
    ("return_result", "result_ready", "clerk"),
]
FIELDS = {
    "note": "x",
    "reasons": "x",
    "reason": "x",
    "to_agency": "H26.24",
    "assignee": "specialist",
    "new_due_at": "2026-12-10T10:00",
    "req_0": "on",
    "req_reason_0": "x",
}


def post_action(client: Any, d: Dossier, action: str) -> Any:
    data: dict[str, Any] = {f"{action}-{k}": v for k, v in FIELDS.items()}
    data[f"{action}-version"] = str(d.version)
    if action == "issue_result":
        data[f"{action}-file"] = pdf_upload()
    if action == "supplement":
        data[f"{action}-files"] = pdf_upload()
    return client.post(f"/backoffice/ho-so/{d.code}/thao-tac/{action}/", data)


@pytest.mark.parametrize(("action", "state", "wrong_role"), ACTIONS)
def test_action_is_denied(world: Any, login: Any, at_monday: Any, action: str, state: str, wrong_role: str) -> None:
    d = dossier_in(world, state)
    before = snapshot(d)
    url = f"/backoffice/ho-so/{d.code}/thao-tac/{action}/"
    response = post_action(login(None), d, action)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
    for name, status in [
        ("citizen", 403),
        ("other_citizen", 403),
        ("other_reception", 404),
        ("other_head", 404),
        ("dept_head", 404),
        (wrong_role, 403),
    ]:
        response = post_action(login(name), d, action)
        assert response.status_code == status, (name, response.status_code)
        assert_no_personal_data(response)
        assert snapshot(d) == before, name
    assert login("clerk").get(url).status_code == 405


def test_every_action_has_a_denial_row() -> None:
    from motcua.backoffice.actions import ACTIONS as REGISTERED
    from motcua.dossiers.statuses import OFFICIAL_ACTIONS

    assert sorted(REGISTERED) == sorted(a for a, *_ in ACTIONS)
    covered = {"request_supplement" if a.startswith("request_supplement") else a for a in OFFICIAL_ACTIONS}
    assert covered <= set(REGISTERED)


def test_unknown_action_is_404(world: Any, login: Any) -> None:
    d = submit(world)
    assert login("reception").post(f"/backoffice/ho-so/{d.code}/thao-tac/delete/", {}).status_code == 404


@pytest.mark.parametrize("suffix", ["", "mau-02.pdf", "mau-03.pdf"])
def test_dossier_pages_are_denied(world: Any, login: Any, at_monday: Any, suffix: str) -> None:
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=[{"name": "A", "reason": "B"}])
    lifecycle.refuse_at_reception(d.pk, actor=as_(world, "reception"), reasons="Không hợp lệ")
    url = f"/backoffice/ho-so/{d.code}/{suffix}"
    response = login(None).get(url)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
    for name, status in [("citizen", 403), ("other_citizen", 403), ("other_reception", 404), ("dept_head", 404)]:
        response = login(name).get(url)
        assert response.status_code == status, name
        assert_no_personal_data(response)
    assert login("reception").get(url).status_code == 200
    assert login("clerk").get(url).status_code == 200  # any official of the agency may read and print
    assert login("reception").get(f"/backoffice/ho-so/H26.101-000000-9999/{suffix}").status_code == 404


def test_mau_04_is_denied(world: Any, login: Any, at_monday: Any) -> None:
    from datetime import datetime

    from motcua.core import clock

    d = in_state(world, "received")
    lifecycle.extend(
        d.pk, actor=as_(world, "head"), new_due_at=datetime(2026, 11, 30, 10, tzinfo=clock.VN_TZ), reason="Cần xác minh"
    )
    url = f"/backoffice/ho-so/{d.code}/mau-04.pdf"
    response = login(None).get(url)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
    for name, status in [("citizen", 403), ("other_citizen", 403), ("other_reception", 404), ("dept_head", 404)]:
        response = login(name).get(url)
        assert response.status_code == status, name
        assert_no_personal_data(response)
    for name in ["reception", "head", "clerk", "specialist"]:
        assert login(name).get(url).status_code == 200, name


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/",
        "/backoffice/tiep-nhan/",
        "/backoffice/tiep-nhan/thu-tuc/?q=a",
        "/backoffice/tiep-nhan/?thu_tuc=T.001",
        "/backoffice/so-theo-doi/",
    ],
)
def test_pages_need_an_official(world: Any, login: Any, url: str) -> None:
    response = login(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")
    for name in ["citizen", "other_citizen"]:
        assert login(name).get(url).status_code == 403


@pytest.mark.parametrize(
    "url", ["/backoffice/tiep-nhan/", "/backoffice/tiep-nhan/thu-tuc/?q=a", "/backoffice/tiep-nhan/?thu_tuc=T.001"]
)
def test_counter_needs_the_reception_role(world: Any, login: Any, url: str) -> None:
    for name in ["head", "specialist", "clerk", "dept_head"]:
        assert login(name).get(url).status_code == 403, name
    assert login("reception").get(url).status_code == 200


def test_counter_post_is_denied_without_the_role(world: Any, login: Any, at_monday: Any) -> None:
    data = {
        "agency": "H26.101",
        "applicant_type": "citizen",
        "applicant_name": "A",
        "applicant_id_number": "001190034567",
        "channel": "1",
        "sets_count": "1",
        "ff_purpose": "x",
        "doc_0": "on",
        "file_0": pdf_upload(),
    }
    assert login(None).post("/backoffice/tiep-nhan/?thu_tuc=T.001", data).status_code == 302
    for name in ["citizen", "head", "clerk"]:
        assert login(name).post("/backoffice/tiep-nhan/?thu_tuc=T.001", data).status_code == 403
    data["file_0"] = pdf_upload()
    assert login("other_reception").post("/backoffice/tiep-nhan/?thu_tuc=T.001", data).status_code == 422
    assert not Dossier.objects.exists()


def test_home_lists_only_own_agency(world: Any, login: Any, at_monday: Any) -> None:
    submit(world)
    for name in ["other_reception", "other_head", "dept_head", "dept_reception"]:
        response = login(name).get("/backoffice/?ds=to_receive")
        assert response.status_code == 200
        assert_no_personal_data(response)
        response = login(name).get("/backoffice/?ds=agency")
        assert_no_personal_data(response)


def test_forms_need_the_csrf_token(world: Any, at_monday: Any) -> None:
    from django.test import Client

    d = submit(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("reception"))
    page = client.get(f"/backoffice/ho-so/{d.code}/")
    assert page.content.decode().count('name="csrfmiddlewaretoken"') >= 4
    response = client.post(f"/backoffice/ho-so/{d.code}/thao-tac/receive/", {"receive-version": str(d.version)})
    assert response.status_code == 403 and fresh(d).status == "submitted"
