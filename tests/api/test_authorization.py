"""Every API endpoint denies whoever may not use it, changes nothing and leaks nothing.

Callers: anonymous, another citizen, an official of another agency, and the wrong role at the
right agency. A guard test fails when an endpoint is added without a row here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from motcua.api.root import api
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from tests.helpers import PDF, api_client, as_, named_bytes, pdf_upload, result_record, submit

SECRETS = ["Nguyễn Thị Hằng", "001190012345", "0912345678", "hang@example.vn"]

# action -> (dossier state it is valid in, roles at the right agency that must still be refused)
ACTIONS: dict[str, tuple[str, list[str]]] = {
    "receive": ("submitted", ["specialist", "head", "clerk"]),
    "request_supplement": ("received", ["clerk", "reception"]),
    "supplement": ("supplement", ["specialist", "head", "clerk"]),
    "refuse_reception": ("submitted", ["specialist", "head", "clerk"]),
    "forward": ("received", ["specialist", "clerk"]),
    "assign": ("received", ["reception", "specialist", "clerk"]),
    "approve": ("processing", ["reception", "specialist", "clerk"]),
    "refuse": ("processing", ["reception", "specialist", "clerk"]),
    "issue_result": ("approved", ["reception", "specialist", "head"]),
    "return_result": ("ready", ["specialist", "head", "clerk"]),
    "withdraw": ("submitted", ["specialist", "head", "clerk"]),
    "stop": ("received", ["reception", "specialist", "clerk"]),
    "extend": ("received", ["reception", "specialist", "clerk"]),
}
OUTSIDERS = ["other_citizen", "other_reception", "other_head", "dept_head"]


@pytest.fixture
def states(world: Any, frozen: Any) -> dict[str, Dossier]:
    """One dossier of the citizen in each state, all at the commune."""
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    s: dict[str, Dossier] = {"submitted": submit(world)}
    s["received"] = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    s["processing"] = lifecycle.assign(
        lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
        actor=as_(world, "head"),
        assignee_username="specialist",
    )
    s["supplement"] = lifecycle.request_supplement(
        s["processing"].pk, actor=as_(world, "specialist"), items=[{"name": "A", "reason": "B"}]
    )
    upload_document(s["supplement"].pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload())
    s["processing"] = lifecycle.assign(
        lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
        actor=as_(world, "head"),
        assignee_username="specialist",
    )
    approved = lifecycle.assign(
        lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
        actor=as_(world, "head"),
        assignee_username="specialist",
    )
    s["approved"] = lifecycle.approve(approved.pk, actor=as_(world, "head"))
    upload_document(s["approved"].pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
    ready = lifecycle.approve(
        lifecycle.assign(
            lifecycle.receive(submit(world).pk, actor=as_(world, "reception")).pk,
            actor=as_(world, "head"),
            assignee_username="specialist",
        ).pk,
        actor=as_(world, "head"),
    )
    upload_document(ready.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
    s["ready"] = lifecycle.issue_result(ready.pk, actor=as_(world, "clerk"), record=result_record())
    return s


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(Dossier.objects.values_list("code", "status", "version", "handling_agency_id", "assignee_id", "due_at")),
        DossierEvent.objects.count(),
        DossierDocument.objects.count(),
        OutboxMessage.objects.count(),
    )


def assert_denied(response: Any, statuses: set[int]) -> None:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text and json.dumps(secret)[1:-1] not in text


def action_body(action: str) -> dict[str, Any]:
    bodies: dict[str, dict[str, Any]] = {
        "receive": {},
        "request_supplement": {"items": [{"name": "X", "reason": "Y"}]},
        "refuse_reception": {"reasons": "Lý do"},
        "forward": {"to_agency": "H26.24"},
        "assign": {"assignee": "specialist"},
        "refuse": {"reasons": "Lý do"},
        "stop": {"reasons": "Lý do"},
        "extend": {"new_due_at": "2026-12-04T17:00:00+07:00", "reasons": "Lý do"},
    }
    return bodies.get(action, {})


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions_are_denied_to_everyone_without_the_role(world: Any, states: dict[str, Dossier], action: str) -> None:
    state, wrong_roles = ACTIONS[action]
    code = states[state].code
    url = f"/api/v1/dossiers/{code}/actions/{action}"
    body = json.dumps(action_body(action))
    before = snapshot()
    assert_denied(api_client(None).post(url, body, content_type="application/json"), {401})
    for outsider in OUTSIDERS:
        assert_denied(api_client(world.user(outsider)).post(url, body, content_type="application/json"), {404})
    for role in wrong_roles:
        response = api_client(world.user(role)).post(url, body, content_type="application/json")
        assert_denied(response, {403})
    assert snapshot() == before


@pytest.mark.django_db
def test_reads_are_denied_to_outsiders(world: Any, states: dict[str, Dossier]) -> None:
    d = states["ready"]
    doc = d.documents.first()
    assert doc is not None
    urls = [
        f"/api/v1/dossiers/{d.code}",
        f"/api/v1/dossiers/{d.code}/history",
        f"/api/v1/dossiers/{d.code}/receipt.pdf",
        f"/api/v1/dossiers/{d.code}/documents/{doc.pk}",
    ]
    before = snapshot()
    for url in urls:
        assert_denied(api_client(None).get(url), {401})
        for outsider in OUTSIDERS:
            assert_denied(api_client(world.user(outsider)).get(url), {404})
        for insider in ["citizen", "reception", "specialist", "head", "clerk"]:
            assert api_client(world.user(insider)).get(url).status_code == 200, (insider, url)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_apology_is_read_only_by_insiders(world: Any, states: dict[str, Dossier]) -> None:
    d = lifecycle.extend(
        states["received"].pk,
        actor=as_(world, "head"),
        reason="Cần xác minh",
        new_due_at=datetime.fromisoformat("2026-11-30T10:00+07:00"),
    )
    url = f"/api/v1/dossiers/{d.code}/apology.pdf"
    before = snapshot()
    assert_denied(api_client(None).get(url), {401})
    for outsider in OUTSIDERS:
        assert_denied(api_client(world.user(outsider)).get(url), {404})
    for insider in ["citizen", "reception", "specialist", "head", "clerk"]:
        response = api_client(world.user(insider)).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", insider
    assert_denied(
        api_client(world.user("citizen")).get(f"/api/v1/dossiers/{states['processing'].code}/apology.pdf"), {404}
    )  # not extended: no apology
    assert snapshot() == before


@pytest.mark.django_db
def test_a_document_of_another_dossier_is_not_reachable_through_mine(world: Any, states: dict[str, Dossier]) -> None:
    theirs = submit(world, user="other_citizen", name="Lê Văn Khách", id_number="079085054321")
    doc = theirs.documents.get()
    mine = states["submitted"]
    response = api_client(world.user("citizen")).get(f"/api/v1/dossiers/{mine.code}/documents/{doc.pk}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_uploads_are_denied(world: Any, states: dict[str, Dossier]) -> None:
    before = snapshot()
    cases = [
        (states["supplement"].code, "supplement", ["specialist", "head", "clerk"]),
        (states["approved"].code, "result", ["reception", "specialist"]),
        (states["processing"].code, "attachment", []),
    ]
    for code, kind, wrong in cases:
        url = f"/api/v1/dossiers/{code}/documents"
        assert_denied(api_client(None).post(url, {"kind": kind, "file": named_bytes(PDF, "a.pdf")}), {401})
        for outsider in OUTSIDERS:
            client = api_client(world.user(outsider))
            assert_denied(client.post(url, {"kind": kind, "file": named_bytes(PDF, "a.pdf")}), {404})
        for role in wrong:
            client = api_client(world.user(role))
            assert_denied(client.post(url, {"kind": kind, "file": named_bytes(PDF, "a.pdf")}), {403})
    # The applicant may not add an official attachment.
    url = f"/api/v1/dossiers/{states['processing'].code}/documents"
    response = api_client(world.user("citizen")).post(url, {"kind": "attachment", "file": named_bytes(PDF, "a.pdf")})
    assert response.status_code == 403
    assert snapshot() == before


def counter_payload(agency: str = "H26.101") -> dict[str, Any]:
    body = {
        "procedure_code": "T.001",
        "agency_code": agency,
        "form_data": {"purpose": "X"},
        "documents": ["TP1"],
        "applicant": {"type": "citizen", "name": "Nguyễn Thị Hằng", "id_number": "001190012345"},
    }
    return {"payload": json.dumps(body), "files": [named_bytes(PDF, "a.pdf")]}


@pytest.mark.django_db
def test_creation_is_denied(world: Any, states: dict[str, Dossier]) -> None:
    before = snapshot()
    assert_denied(api_client(None).post("/api/v1/dossiers", counter_payload()), {401})
    assert_denied(api_client(None).post("/api/v1/counter/dossiers", counter_payload()), {401})
    for user in ["citizen", "other_reception", "specialist", "head", "clerk", "dept_reception"]:
        response = api_client(world.user(user)).post("/api/v1/counter/dossiers", counter_payload())
        assert_denied(response, {403})
    assert snapshot() == before
    ok = api_client(world.user("reception")).post("/api/v1/counter/dossiers", counter_payload())
    assert ok.status_code == 201 and ok.json()["status"] == "received"


@pytest.mark.django_db
def test_lists_show_only_what_is_yours(world: Any, states: dict[str, Dossier]) -> None:
    assert_denied(api_client(None).get("/api/v1/dossiers/mine"), {401})
    assert api_client(world.user("other_citizen")).get("/api/v1/dossiers/mine").json()["count"] == 0
    assert api_client(world.user("citizen")).get("/api/v1/dossiers/mine").json()["count"] == len(
        {d.code for d in states.values()}
    )
    for name in ["to_receive", "mine", "due_soon", "overdue", "agency", "to_return", "closed", "search"]:
        url = f"/api/v1/worklists/{name}"
        assert_denied(api_client(None).get(url), {401})
        assert_denied(api_client(world.user("citizen")).get(url), {403})
        for outsider in ["other_reception", "other_head", "dept_head"]:
            response = api_client(world.user(outsider)).get(url)
            assert response.status_code == 200 and response.json()["count"] == 0, (outsider, name)
    assert api_client(world.user("reception")).get("/api/v1/worklists/to_receive").json()["count"] == 1
    assert api_client(world.user("reception")).get("/api/v1/worklists/to_return").json()["count"] == 1
    found = api_client(world.user("reception")).get("/api/v1/worklists/search", {"q": states["ready"].code}).json()
    assert [x["code"] for x in found["items"]] == [states["ready"].code]
    for outsider in ["other_reception", "other_head", "dept_head"]:
        response = api_client(world.user(outsider)).get("/api/v1/worklists/search", {"q": states["ready"].code})
        assert response.json()["count"] == 0 and "Nguyễn Thị Hằng" not in response.content.decode()
    assert_denied(api_client(None).get("/api/v1/me"), {401})


@pytest.mark.django_db
def test_public_endpoints_show_no_personal_data(world: Any, states: dict[str, Dossier]) -> None:
    anon = api_client(None)
    for url in [
        "/api/v1/procedures",
        "/api/v1/procedures/T.001",
        "/api/v1/procedures/T.001/agencies",
        f"/api/v1/track/{states['ready'].code}",
    ]:
        response = anon.get(url)
        assert response.status_code == 200, url
        for secret in SECRETS:
            assert secret not in response.content.decode()
    assert anon.get("/api/v1/track/H26.101-261123-9999").status_code == 404
    assert anon.get("/api/v1/procedures/NOPE").status_code == 404


COVERED = {
    "/api/v1/procedures",
    "/api/v1/procedures/{code}",
    "/api/v1/procedures/{code}/agencies",
    "/api/v1/track/{code}",
    "/api/v1/dossiers",
    "/api/v1/counter/dossiers",
    "/api/v1/dossiers/mine",
    "/api/v1/dossiers/{code}",
    "/api/v1/dossiers/{code}/history",
    "/api/v1/dossiers/{code}/receipt.pdf",
    "/api/v1/dossiers/{code}/apology.pdf",
    "/api/v1/dossiers/{code}/documents",
    "/api/v1/dossiers/{code}/documents/{doc_id}",
    "/api/v1/dossiers/{code}/actions/{action}",
    # digitisation and the document-type list: tests/api/test_digitisation.py
    "/api/v1/dossiers/{code}/documents/{doc_id}/digitisation",
    # the sealed copy of a digitised scan: tests/signing/test_receipt_and_scan_signing.py
    "/api/v1/dossiers/{code}/documents/{doc_id}/sealed",
    "/api/v1/document-types",
    "/api/v1/worklists/{name}",
    "/api/v1/me",
    # data store: authorization tests in tests/datastore/test_api.py
    "/api/v1/datastore/items",
    # feedback app (ratings, PAKN): authorization tests in tests/feedback/test_authorization.py, test_ratings.py
    "/api/v1/dossiers/{code}/rating",
    "/api/v1/ratings/stats",
    "/api/v1/feedback",
    "/api/v1/feedback/published",
    "/api/v1/feedback/published/{feedback_id}",
    "/api/v1/feedback/worklist",
    "/api/v1/feedback/{feedback_id}",
    "/api/v1/feedback/{feedback_id}/actions/{action}",
    "/api/v1/feedback/{feedback_id}/vote",
    # payments app: authorization tests in tests/payments/test_authorization.py
    "/api/v1/dossiers/{code}/payments",
    "/api/v1/payments/callback/national",
    "/api/v1/payments/callback/vnpay-style",
    # fee receipts: authorization tests in tests/payments/test_receipts.py (test_receipt_api)
    "/api/v1/receipts/{receipt_id}",
    "/api/v1/receipts/{receipt_id}/receipt.pdf",
    "/api/v1/receipts/{receipt_id}/receipt.xml",
    # notifications: authorization tests in tests/notifications/test_access.py, test_crash_and_receipts.py
    "/api/v1/notices",
    "/api/v1/notices/{notice_id}/read",
    "/api/v1/notification-preferences",
    "/api/v1/dossiers/{code}/notices",
    "/api/v1/notifications/sms/dlr",
    # tracking by message: public but signed by the gateway; tests/notifications/test_tracking_messages.py
    "/api/v1/notifications/sms/mo",
    "/api/v1/notifications/zalo/webhook",
    # internal process: authorization tests in tests/api/test_process_steps_authorization.py
    "/api/v1/dossiers/{code}/steps",
    "/api/v1/dossiers/{code}/steps/{step_id}/complete",
    "/api/v1/dossiers/{code}/steps/{step_id}/assign",
    "/api/v1/dossiers/{code}/steps/{step_id}/send-back",
    "/api/v1/dossiers/{code}/control-sheet",
    "/api/v1/steps",
    # verification of signed documents: public by design (no personal data); tests/signing/test_verification.py
    "/api/v1/verification",
}


def test_every_endpoint_has_an_authorization_test() -> None:
    paths = set(api.get_openapi_schema(path_prefix="/api/v1")["paths"])
    assert paths == COVERED
