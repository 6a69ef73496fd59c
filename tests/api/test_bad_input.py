"""Bad input gets a clear 4xx error with a machine-readable code, and writes nothing at all."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from motcua.core.models import AuditLog, OutboxMessage
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierDocument, DossierEvent
from tests.helpers import PDF, api_client, named_bytes, submit

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def everything() -> tuple[Any, ...]:
    return (
        list(Dossier.objects.values_list("code", "status", "version")),
        DossierEvent.objects.count(),
        DossierDocument.objects.count(),
        list(DossierCodeCounter.objects.values_list("agency_code", "last")),
        OutboxMessage.objects.count(),
        AuditLog.objects.count(),
        stored_files(),
    )


def payload(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure_code": "T.001",
        "agency_code": "H26.101",
        "form_data": {"purpose": "Xác nhận"},
        "applicant": {"type": "citizen", "name": "Nguyễn Thị Hằng", "id_number": "001190012345"},
        "documents": ["TP1"],
    }
    body.update(changes)
    return body


def post(client: Any, body: Any, files: list[Any] | None = None) -> Any:
    data = {"payload": body if isinstance(body, str) else json.dumps(body)}
    return client.post(
        "/api/v1/dossiers", {**data, "files": files if files is not None else [named_bytes(PDF, "a.pdf")]}
    )


CASES = [
    (
        "invalid personal id",
        payload(applicant={"type": "citizen", "name": "A", "id_number": "12345"}),
        None,
        422,
        "invalid_applicant",
    ),
    (
        "personal id with unknown province",
        payload(applicant={"type": "citizen", "name": "A", "id_number": "999190012345"}),
        None,
        422,
        "invalid_applicant",
    ),
    ("unknown procedure", payload(procedure_code="9.999999"), None, 422, "unknown_procedure"),
    ("agency not competent", payload(agency_code="H26.24"), None, 422, "agency_not_competent"),
    ("missing required document", payload(documents=[]), [], 422, "invalid_documents"),
    ("document not in the procedure", payload(documents=["ZZ"]), None, 422, "invalid_documents"),
    ("executable renamed .pdf", payload(), [named_bytes(WINDOWS_EXE, "don.pdf")], 422, "file_type_not_allowed"),
    ("ELF binary renamed .pdf", payload(), [named_bytes(ELF, "don.pdf")], 422, "file_type_not_allowed"),
    ("empty file", payload(), [named_bytes(b"", "a.pdf")], 422, "empty_file"),
    ("missing form field", payload(form_data={}), None, 422, "invalid_form_data"),
    ("unknown top-level field", payload(hacker=True), None, 422, "validation_error"),
    ("malformed JSON", "{not json", None, 422, "validation_error"),
    ("files and documents mismatch", payload(documents=["TP1", "TP2"]), None, 422, "documents_mismatch"),
    (
        "applicant type not allowed",
        payload(applicant={"type": "business", "name": "Công ty A", "id_number": "0101234567"}),
        None,
        422,
        "applicant_type_not_allowed",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "body", "files", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_bad_submission_is_rejected_and_writes_nothing(
    world: Any, label: str, body: Any, files: Any, status: int, code: str
) -> None:
    client = api_client(world.user("citizen"))
    before = everything()
    response = post(client, body, files)
    assert response.status_code == status, response.content
    error = response.json()
    assert error["code"] == code
    assert error["message"]
    assert everything() == before


@pytest.mark.django_db
def test_file_too_large(world: Any, settings: Any) -> None:
    settings.MOTCUA_MAX_UPLOAD_BYTES = 1024
    client = api_client(world.user("citizen"))
    before = everything()
    response = post(client, payload(), [named_bytes(PDF + b"0" * 2000, "lon.pdf")])
    assert response.status_code == 422
    assert response.json()["code"] == "file_too_large"
    assert response.json()["details"]["max_bytes"] == 1024
    assert everything() == before


@pytest.mark.django_db
def test_a_bad_second_file_loses_the_first_one_too(world: Any) -> None:
    client = api_client(world.user("citizen"))
    before = everything()
    response = post(
        client, payload(documents=["TP1", "TP2"]), [named_bytes(PDF, "a.pdf"), named_bytes(WINDOWS_EXE, "b.pdf")]
    )
    assert response.status_code == 422
    assert everything() == before


@pytest.mark.django_db
def test_invalid_transition_is_a_409_and_changes_nothing(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = submit(world)
    head, reception = api_client(world.user("head")), api_client(world.user("reception"))
    before = everything()
    response = head.post(f"/api/v1/dossiers/{d.code}/actions/approve", "{}", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")  # right role, wrong state
    response = reception.post(f"/api/v1/dossiers/{d.code}/actions/return_result", "{}", content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["details"]["status"] == "submitted"
    response = reception.post(
        f"/api/v1/dossiers/{d.code}/actions/receive", json.dumps({"version": 99}), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")
    response = reception.post(f"/api/v1/dossiers/{d.code}/actions/fly", "{}", content_type="application/json")
    assert response.status_code == 404
    response = reception.post(
        f"/api/v1/dossiers/{d.code}/actions/receive", json.dumps({"colour": "red"}), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert everything() == before


@pytest.mark.django_db
def test_validation_details_are_in_vietnamese_with_pydantics_type_and_loc(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = submit(world)
    reception = api_client(world.user("reception"))
    before = everything()
    bad = {"version": "abc", "note": 5, "items": [{"name": "Tờ khai"}], "new_due_at": "ngày mai", "colour": "red"}
    response = reception.post(
        f"/api/v1/dossiers/{d.code}/actions/request_supplement", json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 422
    error = response.json()
    assert (error["code"], error["message"]) == ("validation_error", "Dữ liệu gửi lên không hợp lệ.")
    by_field = {tuple(e["loc"][2:]): (e["type"], e["msg"]) for e in error["details"]["errors"]}
    assert by_field == {
        ("version",): ("int_parsing", "Phải là một số nguyên."),
        ("note",): ("string_type", "Phải là một chuỗi ký tự."),
        ("items", 0, "reason"): ("missing", "Thiếu trường bắt buộc."),
        ("new_due_at",): (
            "datetime_from_date_parsing",
            "Phải là một thời điểm theo ISO 8601, ví dụ 2026-11-30T10:00:00+07:00.",
        ),
        ("colour",): ("extra_forbidden", "Trường này không được phép."),
    }
    assert all(e["loc"][0] == "body" for e in error["details"]["errors"])
    english = reception.post(f"/api/v1/dossiers/{d.code}/actions/receive", "{not json", content_type="application/json")
    assert (english.status_code, english.json()["message"]) == (
        400,
        "Không đọc được dữ liệu gửi lên: nội dung không phải JSON hợp lệ.",
    )
    assert everything() == before


def test_every_message_takes_its_context() -> None:
    from motcua.api.validation import MESSAGES, message_for

    assert message_for({"type": "string_too_long", "ctx": {"max_length": 50}}) == "Chỉ được có tối đa 50 ký tự."
    assert message_for({"type": "literal_error", "ctx": {"expected": "'citizen', 'business' or 'other'"}}) == (
        "Phải là một trong các giá trị: 'citizen', 'business', 'other'."
    )
    assert message_for({"type": "greater_than_equal", "ctx": {"ge": 1}}) == "Phải lớn hơn hoặc bằng 1."
    assert message_for({"type": "no_such_type_yet", "msg": "Something in English"}) == "Giá trị không hợp lệ."
    assert message_for({"type": "string_too_short"}) == "Giá trị không hợp lệ."  # no ctx: never a half-filled text
    assert all(not message_for({"type": t, "ctx": {}}).startswith("Input") for t in MESSAGES)
    from django.utils import translation

    with translation.override("en"):
        assert message_for({"type": "missing"}) == "This field is required."
        assert message_for({"type": "string_too_long", "ctx": {"max_length": 50}}) == "Must have at most 50 characters."
