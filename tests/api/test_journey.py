"""A dossier from online submission to returned result through the HTTP API, as a client would."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import datetime
from typing import Any

import pytest
from pypdf import PdfReader

from tests.helpers import PDF, api_client, named_bytes

PERSONAL = ["Nguyễn Thị Hằng", "001190012345", "0912345678", "hang@example.vn", "Hàng Bài"]


def create_payload(**extra: Any) -> str:
    body = {
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
    body.update(extra)
    return json.dumps(body, ensure_ascii=False)


def act(client: Any, code: str, action: str, **body: Any) -> Any:
    return client.post(
        f"/api/v1/dossiers/{code}/actions/{action}", data=json.dumps(body), content_type="application/json"
    )


def tracked(code: str) -> dict[str, Any]:
    response = api_client(None).get(f"/api/v1/track/{code}")
    assert response.status_code == 200
    text = response.content.decode()
    for value in PERSONAL:
        assert value not in text, f"public tracking leaks {value!r}"
    return response.json()


@pytest.mark.django_db
def test_api_journey(world: Any, frozen: Any, tmp_path: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    citizen = api_client(world.user("citizen"))
    found = api_client(None).get("/api/v1/procedures", {"q": "thu nghiem ba ngay"}).json()
    assert [p["code"] for p in found["items"]] == ["T.001"]
    agencies = api_client(None).get("/api/v1/procedures/T.001/agencies").json()
    assert [a["code"] for a in agencies] == ["H26.101", "H26.102"]

    response = citizen.post(
        "/api/v1/dossiers", {"payload": create_payload(), "files": [named_bytes(PDF, "to-khai.pdf")]}
    )
    assert response.status_code == 201, response.content
    dossier = response.json()
    code = dossier["code"]
    assert code == "H26.101-261123-0001"
    assert (dossier["status"], dossier["national_status"], dossier["allowed_actions"]) == ("submitted", 1, ["withdraw"])
    assert [d["requirement"] for d in dossier["documents"]] == ["TP1"]
    assert citizen.get(f"/api/v1/dossiers/{code}").json() == dossier  # the answer is the stored dossier
    assert tracked(code)["national_status"] == 1
    assert citizen.get(f"/api/v1/dossiers/{code}/receipt.pdf").status_code == 409  # not received yet

    reception = api_client(world.user("reception"))
    todo = reception.get("/api/v1/worklists/to_receive").json()
    assert [d["code"] for d in todo["items"]] == [code]
    frozen(datetime.fromisoformat("2026-11-23T09:30+07:00"))
    response = act(reception, code, "receive", version=dossier["version"])
    assert response.status_code == 200, response.content
    assert response.json()["due_at"] == "2026-11-27T10:00:00Z"  # Fri 27 Nov 17:00 in Vietnam
    track = tracked(code)
    assert (track["status"], track["received_at"], track["handling_agency"]["code"]) == (
        "received",
        "2026-11-23T02:30:00Z",
        "H26.101",
    )

    receipt = citizen.get(f"/api/v1/dossiers/{code}/receipt.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    pdf_path = tmp_path / "receipt.pdf"
    pdf_path.write_bytes(receipt.content)
    reader = PdfReader(io.BytesIO(receipt.content))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 419.53) < 1 and abs(height - 595.28) < 1  # A5
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in [
        code,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Nguyễn Thị Hằng",
        "Tờ khai",
        "17 giờ 00 phút, ngày 27/11/2026",
        "09 giờ 30 phút, ngày 23/11/2026",
    ]:
        assert expected in text, expected
    assert reception.get(f"/api/v1/dossiers/{code}/receipt.pdf").status_code == 200

    head = api_client(world.user("head"))
    assert act(head, code, "assign", assignee="specialist").status_code == 200
    specialist = api_client(world.user("specialist"))
    assert [d["code"] for d in specialist.get("/api/v1/worklists/mine").json()["items"]] == [code]
    response = act(specialist, code, "request_supplement", items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}])
    assert response.json()["status"] == "supplement_requested"
    assert tracked(code)["national_status"] == 5
    mine = citizen.get(f"/api/v1/dossiers/{code}").json()
    assert mine["open_supplement_request"] == [{"requirement": "", "name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    assert mine["supplement_due_at"] == "2027-01-22T10:00:00Z"  # 60 days, closing time 17:00 of a working day
    assert head.get(f"/api/v1/dossiers/{code}").json()["supplement_due_at"] == "2027-01-22T10:00:00Z"
    assert mine["allowed_actions"] == ["supplement", "withdraw"]

    up = citizen.post(f"/api/v1/dossiers/{code}/documents", {"kind": "supplement", "file": named_bytes(PDF, "bs.pdf")})
    assert up.status_code == 201, up.content
    assert act(citizen, code, "supplement", note="Đã ký").json()["status"] == "processing"
    assert citizen.get(f"/api/v1/dossiers/{code}").json()["supplement_due_at"] is None  # answered: no request open
    assert act(head, code, "approve").json()["status"] == "approved"
    clerk = api_client(world.user("clerk"))
    up = clerk.post(f"/api/v1/dossiers/{code}/documents", {"kind": "result", "file": named_bytes(PDF, "kq.pdf")})
    assert up.status_code == 201
    missing = act(
        clerk,
        code,
        "issue_result",
        result={"number": "125/GKS-UBND", "signer_name": "Phạm Quốc Hùng", "signer_position": "Chủ tịch UBND phường"},
    )
    assert (missing.status_code, missing.json()["details"]) == (422, {"field": "result_date"})
    record = {
        "number": "125/GKS-UBND",
        "date": "2026-11-23",
        "signer_name": "Phạm Quốc Hùng",
        "signer_position": "Chủ tịch UBND phường",
    }
    result = act(clerk, code, "issue_result", result=record).json()
    assert (result["status"], result["national_status"], result["timeliness"]) == ("result_ready", 9, "early")
    assert result["result"] == record
    assert act(reception, code, "return_result").json()["national_status"] == 10
    track = tracked(code)
    assert (track["status"], track["timeliness"]) == ("returned", "early")

    history = citizen.get(f"/api/v1/dossiers/{code}/history").json()
    assert [(h["action"], h["to_status"]) for h in history] == [
        ("submit", "submitted"),
        ("receive", "received"),
        ("assign", "processing"),
        ("request_supplement_review", "supplement_requested"),
        ("upload", "supplement_requested"),
        ("supplement", "processing"),
        ("approve", "approved"),
        ("upload", "approved"),
        ("issue_result", "result_ready"),
        ("return_result", "returned"),
    ]
    assert history[1]["action_label"] == "Tiếp nhận hồ sơ"
    result_doc = next(d for d in citizen.get(f"/api/v1/dossiers/{code}").json()["documents"] if d["kind"] == "result")
    download = citizen.get(result_doc["url"])
    assert download.status_code == 200 and download.getvalue() == PDF
    assert [d["code"] for d in citizen.get("/api/v1/dossiers/mine").json()["items"]] == [code]
