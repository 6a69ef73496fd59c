"""The internal process in the API: steps, finishing and reassigning a step, Mẫu 05, my steps."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.organisation.services import role_grant
from motcua.processes.models import DossierStep
from tests.helpers import api_client, as_, make_user
from tests.processes.steps_world import (
    MONDAY_8,
    at_approval,
    at_consultation,
    define,
    open_step,
    received,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _process(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)


def post(user: Any, url: str, body: dict[str, Any]) -> Any:
    return api_client(user).post(url, json.dumps(body), content_type="application/json")


def test_steps_of_a_dossier(world: Any) -> None:
    d = at_consultation(world)
    rows = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}/steps").json()
    assert [(r["name"], r["role"], r["outcome"], r["state"]) for r in rows] == [
        ("Tiếp nhận, chuyển hồ sơ", "reception", "receive", "done"),
        ("Thẩm định hồ sơ", "specialist", "done", "done"),
        ("Cho ý kiến của Sở Tư pháp", "specialist", "", "running"),
    ]
    consult = rows[2]
    assert consult["body"] == {"code": "H26.24", "name": "Sở Tư pháp"} and consult["body_rule"] == "H26.24"
    assert consult["due_at"] == "2026-11-23T07:00:00Z" and consult["yours"] is False  # 14:00, lunch 11:30-13:30
    assert rows[1]["note"] == "Đủ điều kiện" and rows[1]["timeliness"] == "early" and rows[1]["can_refuse"] is True
    mine = api_client(world.user("dept_specialist")).get(f"/api/v1/dossiers/{d.code}/steps").json()
    assert [(r["name"], r["yours"]) for r in mine] == [("Cho ý kiến của Sở Tư pháp", True)]


def test_a_dossier_walks_through_its_steps(world: Any) -> None:
    d = received(world)
    base = f"/api/v1/dossiers/{d.code}/steps"
    row = open_step(d)
    version = Dossier.objects.get(pk=d.pk).version
    response = post(world.user("specialist"), f"{base}/{row.pk}/complete", {"note": "Đủ", "version": version - 1})
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    response = post(world.user("specialist"), f"{base}/{row.pk}/complete", {"note": "Đủ", "version": version})
    assert response.status_code == 200 and response.json()["status"] == "processing"
    response = post(world.user("specialist"), f"{base}/{row.pk}/complete", {})
    assert response.status_code == 409 and response.json()["code"] == "step_finished"
    consult = open_step(d)
    response = post(
        world.user("dept_specialist"), f"{base}/{consult.pk}/complete", {"outcome": "refuse", "note": "Không"}
    )
    assert response.status_code == 403 and response.json()["code"] == "refuse_not_allowed"
    assert post(world.user("dept_specialist"), f"{base}/{consult.pk}/complete", {}).status_code == 200
    approval = open_step(d)
    body = post(world.user("head"), f"{base}/{approval.pk}/complete", {}).json()
    assert body["status"] == "approved" and "issue_result" not in body["allowed_actions"]
    detail = api_client(world.user("clerk")).get(f"/api/v1/dossiers/{d.code}").json()
    assert "issue_result" in detail["allowed_actions"]


def test_refusal_needs_reasons(world: Any) -> None:
    d = received(world)
    url = f"/api/v1/dossiers/{d.code}/steps/{open_step(d).pk}/complete"
    response = post(world.user("specialist"), url, {"outcome": "refuse", "note": " "})
    assert response.status_code == 422 and set(response.json()) == {"code", "message", "details"}
    assert response.json()["details"]["field"] == "note"  # the API's name of the reasons
    assert post(world.user("specialist"), url, {"outcome": "other"}).status_code == 422
    assert post(world.user("specialist"), url, {"unknown": 1}).status_code == 422
    body = post(world.user("specialist"), url, {"outcome": "refuse", "note": "Không thuộc thẩm quyền"}).json()
    assert body["status"] == "refused" and body["decision_note"] == "Không thuộc thẩm quyền"


def test_forward_is_not_offered_while_the_process_runs(world: Any) -> None:
    d = received(world)
    actions = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}").json()["allowed_actions"]
    assert "forward" not in actions and "approve" not in actions and "assign" in actions
    actions = (
        api_client(world.user("head")).get(f"/api/v1/dossiers/{at_approval(world).code}").json()["allowed_actions"]
    )
    assert {"approve", "refuse"} <= set(actions) and "forward" not in actions


def test_the_head_of_the_body_reassigns_a_step(world: Any) -> None:
    second = make_user("dept_specialist2", full_name="Trần Văn Hai")
    role_grant(user=second, agency=world.department, role="specialist")
    d = at_consultation(world)
    row = open_step(d)
    url = f"/api/v1/dossiers/{d.code}/steps/{row.pk}/assign"
    response = post(world.user("dept_head"), url, {"assignee": "dept_specialist2"})
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "dept_specialist2" and response.json()["assignee_name"] == "Trần Văn Hai"
    for wrong in ("specialist", "dept_clerk", "nobody"):
        response = post(world.user("dept_head"), url, {"assignee": wrong})
        assert response.status_code == 422 and response.json()["code"] == "bad_assignee", wrong
    assert DossierStep.objects.get(pk=row.pk).assignee == second


def test_control_sheet(world: Any) -> None:
    d = at_consultation(world)
    for name in ("head", "reception", "dept_specialist"):
        response = api_client(world.user(name)).get(f"/api/v1/dossiers/{d.code}/control-sheet")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert response.content.startswith(b"%PDF")


def test_my_steps(world: Any, frozen: Any) -> None:
    first = received(world)
    frozen(datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ))
    second = received(world)
    body = api_client(world.user("specialist")).get("/api/v1/steps").json()
    assert body["count"] == 2
    assert [(r["dossier"], r["name"], r["state"]) for r in body["items"]] == [
        (first.code, "Thẩm định hồ sơ", "running"),
        (second.code, "Thẩm định hồ sơ", "running"),
    ]
    assert body["items"][0]["procedure"] == {"code": "T.001", "name": "Thủ tục thử nghiệm ba ngày"}
    frozen(datetime(2026, 11, 25, 16, 0, tzinfo=VN_TZ))
    states = [r["state"] for r in api_client(world.user("specialist")).get("/api/v1/steps").json()["items"]]
    assert states == ["due_soon", "running"]
    assert api_client(world.user("dept_specialist")).get("/api/v1/steps").json()["count"] == 0
    page = api_client(world.user("specialist")).get("/api/v1/steps?limit=1&offset=1").json()
    assert page["count"] == 2 and [r["dossier"] for r in page["items"]] == [second.code]


def test_my_steps_query_count_does_not_grow(world: Any) -> None:
    client = api_client(world.user("specialist"))

    def one_more(assigned: bool) -> None:
        d = received(world)
        if assigned:
            lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")

    one_more(True)
    client.get("/api/v1/steps")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/steps").json()["count"] == 1
    for i in range(4):
        one_more(i % 2 == 1)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/api/v1/steps").json()["count"] == 5
    assert len(five) == len(one)


def test_the_head_sends_the_dossier_back_to_the_consulted_specialist(world: Any) -> None:
    d = at_approval(world)
    approval = open_step(d)
    url = f"/api/v1/dossiers/{d.code}/steps/{approval.pk}/send-back"
    response = post(world.user("head"), url, {"reason": " "})
    assert response.status_code == 422 and response.json()["details"] == {"field": "reason"}
    version = Dossier.objects.get(pk=d.pk).version
    response = post(world.user("head"), url, {"reason": "Chưa rõ ý kiến", "version": version - 1})
    assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    body = post(world.user("head"), url, {"reason": "Chưa rõ ý kiến", "version": version}).json()
    assert (body["status"], body["version"]) == ("processing", version + 1)
    rows = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}/steps").json()
    assert [(r["name"], r["outcome"], r["state"]) for r in rows[-2:]] == [
        ("Phê duyệt", "returned", "done"),
        ("Cho ý kiến của Sở Tư pháp", "", "running"),
    ]
    assert rows[-1]["assignee"] == "dept_specialist" and rows[-2]["note"] == "Chưa rõ ý kiến"
    history = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}/history").json()
    assert (history[-1]["action"], history[-1]["action_label"]) == ("send_back", "Trả lại chuyên viên")
    applicant = api_client(world.user("citizen")).get(f"/api/v1/dossiers/{d.code}/history").json()
    assert "send_back" not in [h["action"] for h in applicant]
    again = post(world.user("head"), url, {"reason": "Lần nữa"})
    assert again.status_code == 409 and again.json()["code"] == "step_finished"


def test_a_step_that_may_not_be_sent_back_answers_409(world: Any) -> None:
    d = at_consultation(world)  # the department's step follows the commune's review, but is no head's
    consult = open_step(d)
    response = post(
        world.user("dept_specialist"), f"/api/v1/dossiers/{d.code}/steps/{consult.pk}/send-back", {"reason": "Lý do"}
    )
    assert response.status_code == 403 and response.json()["code"] == "step_denied"


def test_the_result_record_in_the_api(world: Any) -> None:
    from motcua.dossiers.services.documents import upload_document
    from tests.helpers import pdf_upload

    d = at_approval(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("kq.pdf"))
    url = f"/api/v1/dossiers/{d.code}/steps/{open_step(d).pk}/complete"
    response = post(world.user("clerk"), url, {})
    assert response.status_code == 422 and response.json()["details"] == {"field": "result_number"}
    record = {"number": "7/GXN", "date": "2026-11-23", "signer_name": "Nguyễn Văn B", "signer_position": "Phó Chủ tịch"}
    body = post(world.user("clerk"), url, {"result": record}).json()
    assert (body["status"], body["result"]) == ("result_ready", record)
    assert api_client(world.user("citizen")).get(f"/api/v1/dossiers/{d.code}").json()["result"] == record
