"""Every time in the API's answers has one form (UTC, ISO 8601 with Z) and every number a plain form.

The project runs its clock in UTC as production does, so API times are UTC everywhere; times that
were computed in Vietnam time (deadlines), stored in history data or written by hand (Open311)
used to come out as +07:00 beside the Z of stored times, and a Decimal normalised to ``1E+1``.
The journey goes through the modules that answer JSON: procedures, dossiers, payments, notices,
ratings and feedback (PAKN), the process steps, and Open311.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.services import token_create
from motcua.catalogue.models import ProcedureVersion
from motcua.core import outbox
from motcua.dossiers.models import DossierEvent
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category
from motcua.open311.services import key_create
from motcua.payments.gateways import vnpay_style
from tests.helpers import PDF, named_bytes
from tests.processes import steps_world

pytestmark = pytest.mark.django_db

UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")
LOOKS_LIKE_TIME = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
EXPONENT = re.compile(r"^-?\d+(\.\d+)?[eE][+-]?\d+$")


class Recorder:
    """Test clients (one per user) that keep every JSON answer they get."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, Any]] = []

    def client(self, user: Any = None) -> Client:
        recorder = self

        class Recording(Client):
            def request(self, **request: Any) -> Any:
                response = super().request(**request)
                if response.get("Content-Type", "").startswith("application/json"):
                    recorder.answers.append((f"{request['REQUEST_METHOD']} {request['PATH_INFO']}", response.json()))
                return response

        if user is None:
            return Recording()
        return Recording(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='test')[1]}")

    def strings(self) -> list[tuple[str, str, str]]:
        """Return (request, path in the answer, value) of every string and number in the answers."""
        out: list[tuple[str, str, str]] = []

        def walk(where: str, path: str, value: Any) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(where, f"{path}.{k}", v)
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(where, f"{path}[{i}]", v)
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                out.append((where, path, str(value)))

        for where, answer in self.answers:
            walk(where, "", answer)
        return out


def check(recorder: Recorder) -> int:
    values = recorder.strings()
    times = [(w, p, v) for w, p, v in values if LOOKS_LIKE_TIME.match(v)]
    assert [(w, p, v) for w, p, v in times if not UTC_Z.match(v)] == []
    assert [(w, p, v) for w, p, v in values if EXPONENT.match(v)] == []
    return len(times)


def act(client: Client, code: str, action: str, **body: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/dossiers/{code}/actions/{action}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return dict(response.json())


def post_json(client: Client, url: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == status, response.content
    return dict(response.json())


def test_one_dossier_journey_answers_times_in_utc_and_plain_numbers(world: Any, frozen: Any, settings: Any) -> None:
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True, time_amount=10)
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    rec = Recorder()
    anonymous, citizen = rec.client(), rec.client(world.user("citizen"))
    reception, head, clerk = (rec.client(world.user(n)) for n in ("reception", "head", "clerk"))
    specialist = rec.client(world.user("specialist"))

    anonymous.get("/api/v1/procedures", {"q": "thu nghiem"})
    detail = anonymous.get("/api/v1/procedures/T.001").json()
    assert (detail["time_unit"], detail["time_amount"]) == ("working_days", "10")
    anonymous.get("/api/v1/procedures/T.001/agencies")

    payload = {
        "procedure_code": "T.001",
        "agency_code": "H26.101",
        "form_data": {"purpose": "Xin xác nhận"},
        "applicant": {
            "type": "citizen",
            "name": "Nguyễn Thị Hằng",
            "id_number": "001190012345",
            "phone": "0912345678",
            "email": "hang@example.vn",
            "address": "12 Hàng Bài",
        },
        "documents": ["TP1"],
    }
    created = citizen.post(
        "/api/v1/dossiers",
        {"payload": json.dumps(payload, ensure_ascii=False), "files": [named_bytes(PDF, "to-khai.pdf")]},
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    anonymous.get(f"/api/v1/track/{code}")
    reception.get("/api/v1/worklists/to_receive")

    frozen(datetime.fromisoformat("2026-11-23T09:30+07:00"))
    assert act(reception, code, "receive")["status"] == "fee_requested"
    citizen.get(f"/api/v1/dossiers/{code}/payments")
    started = post_json(citizen, f"/api/v1/dossiers/{code}/payments", {"channel": "gateway_b"}, 201)
    reference = started["redirect_url"].split("vnp_TxnRef=")[1].split("&")[0]
    ipn = {
        "vnp_TmnCode": settings.MOTCUA_PAYGATE_B_MERCHANT,
        "vnp_TxnRef": reference,
        "vnp_Amount": "1000000",
        "vnp_CurrCode": "VND",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "14000001",
        "vnp_PayDate": "20261123100000",
    }
    paid = anonymous.get(
        "/api/v1/payments/callback/vnpay-style?" + vnpay_style.signed_query(ipn, settings.MOTCUA_PAYGATE_B_SECRET)
    )
    assert paid.json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert citizen.get(f"/api/v1/dossiers/{code}/payments").json()["payments"][0]["paid_at"] == "2026-11-23T02:30:00Z"

    act(head, code, "assign", assignee="specialist")
    frozen(datetime.fromisoformat("2026-11-24T10:00+07:00"))
    act(specialist, code, "request_supplement", items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}])
    citizen.post(f"/api/v1/dossiers/{code}/documents", {"kind": "supplement", "file": named_bytes(PDF, "bs.pdf")})
    frozen(datetime.fromisoformat("2026-11-25T10:00+07:00"))
    act(citizen, code, "supplement", note="Đã ký")
    extended = act(head, code, "extend", new_due_at="2026-12-18T16:00:00+07:00", reasons="Chờ xác minh")
    assert extended["due_at"] == "2026-12-18T09:00:00Z"
    act(head, code, "approve")
    clerk.post(f"/api/v1/dossiers/{code}/documents", {"kind": "result", "file": named_bytes(PDF, "kq.pdf")})
    act(
        clerk,
        code,
        "issue_result",
        result={
            "number": "125/GKS-UBND",
            "date": "2026-11-25",
            "signer_name": "Phạm Quốc Hùng",
            "signer_position": "Chủ tịch",
        },
    )
    act(reception, code, "return_result")
    citizen.get(f"/api/v1/dossiers/{code}")
    # a history line written before times were stored in UTC
    DossierEvent.objects.filter(dossier__code=code, action="receive").update(
        data={"due_at": "2026-12-07T17:00:00+07:00", "fee_due": 10000}
    )
    history = citizen.get(f"/api/v1/dossiers/{code}/history").json()
    extend_data = next(h["data"] for h in history if h["action"] == "extend")
    assert (extend_data["old_due_at"], extend_data["new_due_at"]) == ("2026-12-09T10:00:00Z", "2026-12-18T09:00:00Z")
    assert next(h["data"] for h in history if h["action"] == "receive") == {
        "due_at": "2026-12-07T10:00:00Z",
        "fee_due": 10000,
    }
    citizen.get("/api/v1/dossiers/mine")
    anonymous.get(f"/api/v1/track/{code}")

    post_json(
        citizen,
        f"/api/v1/dossiers/{code}/rating",
        {
            "level": "satisfied",
            "comment": "Tốt",
            "criteria": {c: "satisfied" for c in ("time", "contacts", "attitude", "correctness", "costs")},
        },
        201,
    )
    outbox.deliver_due()  # in-app notices and the e-mails (locmem) of every event so far
    notices = citizen.get("/api/v1/notices").json()
    citizen.post(f"/api/v1/notices/{notices['items'][0]['id']}/read")
    reception.get(f"/api/v1/dossiers/{code}/notices")

    item = post_json(
        citizen,
        "/api/v1/feedback",
        {
            "category": "dich-vu-cong-truc-tuyen",
            "subject": "dossier",
            "dossier_code": code,
            "title": "Hồ sơ trễ hẹn",
            "text": "Xin kiểm tra.",
        },
        201,
    )
    post_json(head, f"/api/v1/feedback/{item['id']}/actions/assign", {"assignee": "specialist"})
    post_json(specialist, f"/api/v1/feedback/{item['id']}/actions/answer", {"text": "Đã kiểm tra."})
    post_json(head, f"/api/v1/feedback/{item['id']}/actions/publish", {"public_text": "Đã kiểm tra."})
    citizen.get(f"/api/v1/feedback/{item['id']}")
    anonymous.get("/api/v1/feedback/published")

    key = key_create(name="test-app")[1]
    opened = anonymous.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "thai-do-can-bo",
            "description": "Cán bộ đến muộn.",
            "email": "an@example.vn",
            "lat": "21.028511",
            "long": "105.852020",
        },
    )
    assert opened.status_code == 201, opened.content
    anonymous.get("/open311/v2/requests.json")
    anonymous.get(f"/open311/v2/requests/{item['id']}.json")

    assert check(rec) >= 40  # the walk saw the times of every module


def test_step_answers_have_one_time_form(world: Any, frozen: Any) -> None:
    steps_world.define()
    frozen(steps_world.MONDAY_8)
    d = steps_world.at_consultation(world)
    rec = Recorder()
    rec.client(world.user("head")).get(f"/api/v1/dossiers/{d.code}/steps")
    rec.client(world.user("dept_specialist")).get("/api/v1/steps")
    assert check(rec) >= 8
