"""Each action form calls the lifecycle service and shows the outcome; errors are shown, not raised."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, SupplementRequest
from motcua.dossiers.services import lifecycle
from tests.backoffice.conftest import fresh, in_state
from tests.helpers import as_, pdf_upload, submit

pytestmark = pytest.mark.django_db
# What the clerk records of the result when issuing it (the frozen day is Monday 23/11/2026).
RESULT_FIELDS = {
    "result_number": "125/GKS-UBND",
    "result_date": "2026-11-23",
    "signer_name": "Phạm Quốc Hùng",
    "signer_position": "Chủ tịch Ủy ban nhân dân phường",
}


def post(
    client: Client, d: Dossier, action: str, data: dict[str, Any] | None = None, version: int | None = None
) -> Any:
    payload = {f"{action}-{k}": v for k, v in (data or {}).items()}
    payload[f"{action}-version"] = str(d.version if version is None else version)
    return client.post(f"/backoffice/ho-so/{d.code}/thao-tac/{action}/", payload)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_receive(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    response = post(login("reception"), d, "receive", {"note": "Đủ giấy tờ"})
    assert response.status_code == 302
    assert response["Location"] == f"/backoffice/ho-so/{d.code}/?in=mau-01"
    assert messages_of(response) == ["Đã tiếp nhận hồ sơ."]
    d2 = fresh(d)
    assert d2.status == "received" and d2.version == d.version + 1
    assert d2.events.last().note == "Đủ giấy tờ"
    page = login("reception").get(response["Location"])
    assert page.context["print_now"]["url"] == f"/api/v1/dossiers/{d.code}/receipt.pdf"
    assert "js-print-now" in page.content.decode()


def test_request_supplement_with_requirements_and_free_items(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    response = post(
        login("reception"),
        d,
        "request_supplement",
        {
            "req_1": "on",
            "req_reason_1": "Thiếu bản sao",
            "extra_name_0": "Giấy ủy quyền",
            "extra_reason_0": "Người nộp không phải chủ hồ sơ",
            "note": "Bổ sung trong 5 ngày",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?in=mau-02")
    req = SupplementRequest.objects.get(dossier=d)
    assert req.items == [
        {"requirement": "TP2", "name": "Giấy tờ khác", "reason": "Thiếu bản sao"},
        {"requirement": "", "name": "Giấy ủy quyền", "reason": "Người nộp không phải chủ hồ sơ"},
    ]
    assert fresh(d).status == "supplement_requested"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"req_0": "on"}, "Vui lòng nêu lý do cần bổ sung."),
        ({"req_reason_0": "Mờ"}, "Đánh dấu giấy tờ này nếu cần bổ sung."),
        ({"extra_name_0": "Giấy X"}, "Vui lòng nêu lý do cần bổ sung."),
        ({}, "Phải nêu ít nhất một nội dung cần bổ sung."),
    ],
)
def test_request_supplement_needs_items_with_reasons(
    world: Any, login: Any, at_monday: Any, data: dict[str, str], error: str
) -> None:
    d = submit(world)
    response = post(login("reception"), d, "request_supplement", data)
    assert response.status_code == 422
    assert error in response.content.decode()
    assert 'id="thao-tac-request_supplement" open' in response.content.decode()
    assert fresh(d).version == d.version and not SupplementRequest.objects.exists()


def test_refuse_at_reception_requires_reasons(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    client = login("reception")
    response = post(client, d, "refuse_reception", {"reasons": "  "})
    assert response.status_code == 422 and "This field is required." not in response.content.decode()
    assert "Trường này là bắt buộc." in response.content.decode()
    assert fresh(d).status == "submitted"
    response = post(client, d, "refuse_reception", {"reasons": "Không thuộc thẩm quyền\nHồ sơ giả mạo"})
    assert response["Location"].endswith("?in=mau-03")
    assert fresh(d).status == "not_received"
    assert fresh(d).decision_note == "Không thuộc thẩm quyền\nHồ sơ giả mạo"


def test_supplement_at_the_counter(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    lifecycle.request_supplement(d.pk, actor=as_(world, "head"), items=[{"name": "Tờ khai", "reason": "Sai"}])
    d = fresh(d)
    client = login("reception")
    response = post(client, d, "supplement", {"note": "Đã nhận"})
    assert response.status_code == 422 and "Vui lòng chọn tệp giấy tờ bổ sung." in response.content.decode()
    payload = {"supplement-version": str(d.version), "supplement-files": [pdf_upload("bo-sung.pdf")]}
    response = client.post(f"/backoffice/ho-so/{d.code}/thao-tac/supplement/", payload)
    assert response.status_code == 302
    assert fresh(d).status == "received" and fresh(d).supplement_count == 1
    assert DossierDocument.objects.get(dossier=d, kind="supplement").original_name == "bo-sung.pdf"


def test_forward_assign_approve_issue_return(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    head = login("head")
    response = post(head, d, "assign", {"assignee": "clerk"})
    assert response.status_code == 422 and "Select a valid choice" not in response.content.decode()
    assert fresh(d).assignee is None
    assert post(head, d, "assign", {"assignee": "specialist", "note": "Xử lý gấp"}).status_code == 302
    d = fresh(d)
    assert d.assignee == world.user("specialist") and d.status == "processing"
    assert post(head, d, "approve", {"note": "Đồng ý"}).status_code == 302
    d = fresh(d)
    assert d.status == "approved"
    clerk = login("clerk")
    response = post(clerk, d, "issue_result")
    assert response.status_code == 422 and "Vui lòng chọn tệp văn bản kết quả." in response.content.decode()
    response = clerk.post(
        f"/backoffice/ho-so/{d.code}/thao-tac/issue_result/",
        {
            "issue_result-version": str(d.version),
            "issue_result-file": pdf_upload("ket-qua.pdf"),
            **{f"issue_result-{k}": v for k, v in RESULT_FIELDS.items()},
        },
    )
    assert response.status_code == 302 and messages_of(response) == ["Đã ban hành kết quả."]
    d = fresh(d)
    assert d.status == "result_ready"
    assert (d.result_number, str(d.result_date), d.result_signer_name) == (
        "125/GKS-UBND",
        "2026-11-23",
        "Phạm Quốc Hùng",
    )
    assert DossierDocument.objects.get(dossier=d, kind="result").event.action == "issue_result"
    assert post(login("reception"), d, "return_result").status_code == 302
    assert fresh(d).status == "returned"


def test_forward_to_another_agency(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    response = post(login("head"), d, "forward", {"to_agency": "H26.24", "note": "Thuộc thẩm quyền Sở"})
    assert response.status_code == 302
    assert fresh(d).handling_agency.code == "H26.24"


def test_refuse_after_review(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "processing")
    assert post(login("head"), d, "refuse", {"reasons": "Không đủ điều kiện"})["Location"].endswith("?in=mau-03")
    assert fresh(d).status == "refused"


def test_extend_and_its_validation(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "processing")  # due Friday 27/11 17:00
    head = login("head")
    response = post(head, d, "extend", {"new_due_at": "2026-11-28T10:00", "reason": "Cần xác minh"})
    assert response.status_code == 422
    assert "Ngày hẹn mới phải rơi vào giờ làm việc của ngày làm việc." in response.content.decode()
    response = post(head, d, "extend", {"new_due_at": "2026-12-02T10:00", "reason": ""})
    assert response.status_code == 422 and fresh(d).extended_at is None
    response = post(head, d, "extend", {"new_due_at": "2026-12-02T10:00", "reason": "Cần xác minh"})
    assert response.status_code == 302
    d = fresh(d)
    assert d.due_at.isoformat() == "2026-12-02T03:00:00+00:00" and d.extension_reason == "Cần xác minh"


def test_stop_and_withdraw(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "processing")
    assert post(login("head"), d, "stop", {"reason": "Người nộp đề nghị dừng"}).status_code == 302
    assert fresh(d).status == "stopped"
    e = submit(world)
    assert post(login("reception"), e, "withdraw", {"reason": "Người nộp rút tại quầy"}).status_code == 302
    assert fresh(e).status == "withdrawn"


def test_version_conflict_shows_a_message(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    stale = d.version
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=[{"name": "A", "reason": "B"}])
    before = DossierEvent.objects.count()
    response = post(login("reception"), d, "refuse_reception", {"reasons": "Lý do"}, version=stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại." in html
    assert 'role="alert"' in html
    assert fresh(d).status == "supplement_requested" and DossierEvent.objects.count() == before


def test_version_conflict_before_uploading_a_result(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "approved")
    client = login("clerk")
    response = client.post(
        f"/backoffice/ho-so/{d.code}/thao-tac/issue_result/",
        {
            "issue_result-version": str(d.version - 1),
            "issue_result-file": pdf_upload(),
            **{f"issue_result-{k}": v for k, v in RESULT_FIELDS.items()},
        },
    )
    assert response.status_code == 409
    assert not DossierDocument.objects.filter(dossier=d, kind="result").exists()


def test_wrong_moment_is_a_clear_message(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    response = post(login("head"), d, "approve")
    assert response.status_code == 409
    assert "Không thể “Phê duyệt” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”." in response.content.decode()
    assert fresh(d).version == d.version


def test_bad_file_is_refused_with_a_message(world: Any, login: Any, at_monday: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = in_state(world, "approved")
    response = login("clerk").post(
        f"/backoffice/ho-so/{d.code}/thao-tac/issue_result/",
        {
            "issue_result-version": str(d.version),
            "issue_result-file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf"),
            **{f"issue_result-{k}": v for k, v in RESULT_FIELDS.items()},
        },
    )
    assert response.status_code == 422
    assert "không được chấp nhận" in response.content.decode()
    assert fresh(d).status == "approved" and not DossierDocument.objects.filter(kind="result").exists()
