"""Counter intake follows the catalogue's rule per document and channel, the form rules and the fee rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from tests.helpers import api_client, demo_procedures, pdf_upload

pytestmark = pytest.mark.django_db
BIRTH_URL = "/backoffice/tiep-nhan/?thu_tuc=1.001193"
COPY_URL = "/backoffice/tiep-nhan/?thu_tuc=2.000815"
APPLICANT = {
    "agency": "H26.101",
    "applicant_type": "citizen",
    "applicant_name": "Phạm Thị Lan",
    "applicant_id_number": "001190034567",
    "applicant_phone": "0901234567",
    "applicant_email": "",
    "applicant_address": "3 Lý Thái Tổ",
    "channel": "1",
    "sets_count": "1",
}
BIRTH = {
    "ff_ho_ten_tre": "Nguyễn Minh Khang",
    "ff_ngay_sinh": "2026-11-15",
    "ff_noi_sinh": "Hà Nội",
    "ff_gioi_tinh": "Nam",
    "ff_dan_toc": "Kinh",
    "ff_quoc_tich": "Việt Nam",
    "ff_quan_he_nguoi_yeu_cau": "Mẹ",
}


@pytest.fixture
def demo(world: Any, frozen: Any) -> Any:
    frozen(datetime(2026, 11, 20, 10, 0))
    demo_procedures("1.001193", "2.000815")
    return world


def _birth_post(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **APPLICANT,
        **BIRTH,
        "doc_0": "on",
        "file_0": pdf_upload("to-khai.pdf"),
        "doc_1": "on",
        "file_1": pdf_upload("chung-sinh.pdf"),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_counter_scans_the_declaration_and_ticks_the_id_card_as_seen(demo: Any, login: Any) -> None:
    client = login("reception")
    html = client.get(BIRTH_URL).content.decode()
    # At the counter the paper tờ khai is received and scanned; the ID card is only seen.
    assert 'name="file_0"' in html and 'name="file_1"' in html and 'name="file_2"' not in html
    assert '<label for="id_doc_2">Đã xem bản chính để đối chiếu</label>' in html
    assert "Xuất trình để đối chiếu: xem bản chính, không thu và không quét." in html
    # Asked once, in the applicant part; the national lists as selects; no future birth date.
    assert 'id="id_ff_so_dien_thoai"' not in html and 'id="id_ff_email"' not in html
    assert '<option value="Ê-đê">Ê-đê</option>' in html and '<option value="Hàn Quốc">Hàn Quốc</option>' in html
    # The birth date is typed dd/mm/yyyy whatever the browser's language (no native date input,
    # which shows mm/dd/yyyy in an English browser); the service refuses a future one (below).
    assert 'type="date"' not in html
    assert (
        '<input type="text" name="ff_ngay_sinh" placeholder="dd/mm/yyyy" inputmode="numeric"' in html
        and 'data-msg-pattern="Nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/11/2026."' in html
    )

    response = client.post(BIRTH_URL, _birth_post())  # the ID card not ticked
    assert response.status_code == 422 and not Dossier.objects.exists()
    errors = response.context["form"].errors
    assert errors["doc_2"] == [
        "Chưa đánh dấu đã xem bản chính để đối chiếu: Hộ chiếu, thẻ Căn cước, Căn cước công "
        "dân, Căn cước điện tử hoặc giấy tờ khác có ảnh và thông tin cá nhân còn giá trị sử "
        "dụng của người yêu cầu."
    ]

    response = client.post(BIRTH_URL, _birth_post(doc_2="on"))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert [d.requirement.code for d in dossier.documents.order_by("id")] == ["to-khai", "giay-chung-sinh"]
    assert dossier.events.get(action="submit").data == {"channel": 1, "shown": ["giay-to-tuy-than"]}
    assert dossier.form_data["so_dien_thoai"] == "0901234567" and "email" not in dossier.form_data


def test_the_counter_takes_the_birth_date_typed_day_first(demo: Any, login: Any) -> None:
    response = login("reception").post(BIRTH_URL, _birth_post(doc_2="on", ff_ngay_sinh="15/11/2026"))
    assert response.status_code == 302
    assert Dossier.objects.get().form_data["ngay_sinh"] == "2026-11-15"


def test_the_counter_refuses_a_future_birth_date_with_its_message(demo: Any, login: Any) -> None:
    response = login("reception").post(
        BIRTH_URL, _birth_post(doc_2="on", ff_ngay_sinh="2026-12-01", ff_dan_toc="Việt", ff_noi_sinh="")
    )
    assert response.status_code == 422 and not Dossier.objects.exists()
    errors = response.context["form"].errors
    assert errors["ff_ngay_sinh"] == ["“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026)."]
    assert errors["ff_dan_toc"] == ["“Dân tộc”: “Việt” không có trong danh mục 54 dân tộc."]
    assert errors["ff_noi_sinh"] == ["Vui lòng nhập “Nơi sinh”."]


def test_the_counter_needs_the_phone_the_form_takes_from_the_applicant(demo: Any, login: Any) -> None:
    response = login("reception").post(BIRTH_URL, _birth_post(doc_2="on", applicant_phone=""))
    assert response.status_code == 422 and not Dossier.objects.exists()
    assert response.context["form"].errors["applicant_phone"] == [
        "Vui lòng nhập thông tin này: tờ khai cần “Số điện thoại liên hệ”."
    ]


def test_a_certified_copy_of_3_pages_in_2_copies_costs_10000_at_the_counter(demo: Any, login: Any) -> None:
    client = login("reception")
    html = client.get(COPY_URL).content.decode()
    assert 'name="file_0"' not in html and '<label for="id_doc_0">Đã xem bản chính để đối chiếu</label>' in html
    response = client.post(
        COPY_URL,
        {
            **APPLICANT,
            "ff_ten_giay_to": "Bằng tốt nghiệp",
            "ff_so_trang_ban_chinh": "3",
            "ff_so_ban_sao": "2",
            "doc_0": "on",
            "doc_1": "on",
            "file_1": pdf_upload("ban-chup.pdf"),
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == "fee_requested"  # paid before processing (demo catalogue)
    assert dossier.events.get(action="receive").data["fee_due"] == 10000
    overview = api_client(demo.user("reception")).get(f"/api/v1/dossiers/{dossier.code}/payments").json()
    assert overview["total"] == 10000 and [line["charged"] for line in overview["fees"]] == [8000, 2000]
    html = client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "10.000" in html


def test_a_refused_scan_names_its_extension_not_its_mime_type(demo: Any, login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    response = login("reception").post(BIRTH_URL, _birth_post(doc_2="on", file_1=sheet))
    assert response.status_code == 422 and not Dossier.objects.exists()
    messages = response.context["form"].errors["file_1"]
    assert messages == [
        "Tệp .xlsx không được chấp nhận (“danh-sach.xlsx”). Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word."
    ]
    assert "application/" not in response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
