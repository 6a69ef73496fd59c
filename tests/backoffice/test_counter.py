"""Counter intake: search the procedure, enter the dossier, scan the papers, get the receipt."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, DossierDocument
from tests.helpers import pdf_upload

pytestmark = pytest.mark.django_db
URL = "/backoffice/tiep-nhan/?thu_tuc=T.001"


def good(**extra: Any) -> dict[str, Any]:
    data = {
        "agency": "H26.101",
        "applicant_type": "citizen",
        "applicant_name": "Phạm Thị Lan",
        "applicant_id_number": "001190034567",
        "applicant_phone": "0901234567",
        "applicant_email": "lan@example.vn",
        "applicant_address": "3 Lý Thái Tổ",
        "channel": "1",
        "sets_count": "1",
        "ff_purpose": "Xin xác nhận",
        "doc_0": "on",
        "file_0": pdf_upload("to-khai.pdf"),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_search_is_accent_insensitive(world: Any, login: Any) -> None:
    client = login("reception")
    response = client.get("/backoffice/tiep-nhan/thu-tuc/?q=thu tuc trong ngay")
    assert response.status_code == 200
    assert [p.code for p in response.context["results"]] == ["T.002"]
    assert "<html" not in response.content.decode()
    page = client.get("/backoffice/tiep-nhan/?q=ba ngay")
    assert [p.code for p in page.context["results"]] == ["T.001"]
    assert 'hx-get="/backoffice/tiep-nhan/thu-tuc/"' in page.content.decode()


def test_form_shows_procedure_fields_and_documents(world: Any, login: Any) -> None:
    response = login("reception").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Mục đích",
        "Tờ khai",
        "Giấy tờ khác",
        'name="file_0"',
        'name="doc_1"',
        "Bưu chính công ích",
        "Ủy ban nhân dân Phường Hoàn Kiếm (H26.101)",
        'enctype="multipart/form-data"',
        "csrfmiddlewaretoken",
    ]:
        assert text in html, text
    assert response.context["form"].fields["agency"].choices == [
        ("H26.101", "Ủy ban nhân dân Phường Hoàn Kiếm (H26.101)")
    ]


def test_intake_receives_and_offers_the_receipt(world: Any, login: Any, at_monday: Any) -> None:
    response = login("reception").post(URL, good(channel="3", sets_count="2"))
    assert response.status_code == 302
    d = Dossier.objects.get()
    assert response["Location"] == f"/backoffice/ho-so/{d.code}/?in=mau-01"
    assert (d.status, d.channel, d.sets_count, d.applicant_name) == ("received", 3, 2, "Phạm Thị Lan")
    assert d.form_data == {"purpose": "Xin xác nhận"} and d.received_by == world.user("reception")
    assert d.applicant is None
    assert [e.action for e in d.events.all()] == ["submit", "receive"]
    assert d.events.first().on_behalf_of == "Phạm Thị Lan"
    assert DossierDocument.objects.get(dossier=d).requirement.code == "TP1"
    page = login("reception").get(response["Location"])
    assert page.context["print_now"]["url"] == f"/api/v1/dossiers/{d.code}/receipt.pdf"
    receipt = login("reception").get(page.context["print_now"]["url"])
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"applicant_id_number": "123"}, "applicant_id_number", None),
        (
            {"applicant_phone": "12ab"},
            "applicant_phone",
            "Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ "
            "0912345678), cố định gồm 11 chữ số (ví dụ 02438253536).",
        ),
        ({"ff_purpose": ""}, "ff_purpose", None),
        ({"doc_0": None, "file_0": None}, "file_0", "Thiếu thành phần hồ sơ bắt buộc: Tờ khai."),
        ({"file_0": None}, "file_0", "Vui lòng tải lên bản quét của giấy tờ đã nhận."),
        (
            {"file_0": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")},
            "file_0",
            None,
        ),
        ({"agency": "H26.102"}, "agency", None),
        ({"sets_count": "0"}, "sets_count", None),
    ],
)
def test_bad_input_writes_nothing(
    world: Any, login: Any, at_monday: Any, changes: dict[str, Any], field: str, message: str | None
) -> None:
    response = login("reception").post(URL, good(**changes))
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    if message:
        assert message in form.errors[field]
    assert "Các tệp đã chọn cần được chọn lại." in response.content.decode()
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()


def test_other_agency_procedure_not_offered(world: Any, login: Any) -> None:
    assert login("dept_reception").get(URL).context["competent"] == []
    response = login("dept_reception").post(URL, good(agency="H26.24"))
    assert response.status_code == 403 and not Dossier.objects.exists()


def test_unknown_procedure_goes_back_to_search(world: Any, login: Any) -> None:
    response = login("reception").get("/backoffice/tiep-nhan/?thu_tuc=X.999")
    assert response.status_code == 200 and response.context["unknown"] is True
