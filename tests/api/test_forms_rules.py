"""The API submits under the same rules as the portal and the counter (one rule, in the service)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from tests.helpers import PDF, api_client, demo_procedures, named_bytes

pytestmark = pytest.mark.django_db

# The README's example (Quick start → API).
README_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Cha",
}


@pytest.fixture
def demo(world: Any, frozen: Any) -> Any:
    frozen(datetime(2026, 11, 20, 10, 0))
    demo_procedures("1.001193")
    return world


def _post(client: Any, url: str, documents: list[str], **payload: Any) -> Any:
    body = {
        "procedure_code": "1.001193",
        "agency_code": "H26.101",
        "form_data": README_FORM,
        "documents": documents,
        **payload,
    }
    files = [named_bytes(PDF, f"{code}.pdf") for code in documents]
    return client.post(url, {"payload": json.dumps(body), "files": files})


def test_the_readme_example_files_one_document(demo: Any) -> None:
    response = _post(api_client(demo.user("citizen")), "/api/v1/dossiers", ["giay-chung-sinh"])
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.form_data == {**README_FORM, "so_dien_thoai": "0912345678", "email": "citizen@example.vn"}
    assert [d.requirement.code for d in dossier.documents.all()] == ["giay-chung-sinh"]


def test_the_declaration_and_the_id_card_are_not_uploads_online(demo: Any) -> None:
    response = _post(
        api_client(demo.user("citizen")), "/api/v1/dossiers", ["to-khai", "giay-chung-sinh", "giay-to-tuy-than"]
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_documents"
    assert body["details"]["documents"] == {
        "to-khai": "“Tờ khai đăng ký khai sinh” được lập từ tờ khai điện tử; không tải tệp lên.",
        "giay-to-tuy-than": "“Hộ chiếu, thẻ Căn cước, Căn cước công dân, Căn cước điện tử hoặc giấy tờ khác có ảnh và "
        "thông tin cá nhân còn giá trị sử dụng của người yêu cầu” chỉ xuất trình để đối chiếu; "
        "không tải tệp lên.",
    }
    response = _post(
        api_client(demo.user("citizen")), "/api/v1/dossiers", ["giay-chung-sinh"], shown=["giay-to-tuy-than"]
    )
    assert response.status_code == 422
    assert response.json()["details"]["documents"] == {
        "giay-to-tuy-than": "Chỉ cán bộ tiếp nhận tại quầy mới đánh dấu giấy tờ đã xuất trình."
    }
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"ngay_sinh": "2026-11-21"}, "ngay_sinh", "“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026)."),
        ({"quoc_tich": "VN"}, "quoc_tich", "“Quốc tịch”: “VN” không có trong danh mục quốc gia, vùng lãnh thổ."),
        (
            {"so_dinh_danh_cha": "0010850123"},
            "so_dinh_danh_cha",
            "“Số định danh cá nhân của cha” phải gồm đúng 12 chữ số.",
        ),
        ({"so_ban_sao": 21}, "so_ban_sao", "“Số bản sao Giấy khai sinh đề nghị cấp” phải từ 0 đến 20."),
        (
            {"so_dien_thoai": "0987654321"},
            "so_dien_thoai",
            "“Số điện thoại liên hệ” được lấy từ thông tin chủ hồ sơ; hãy sửa ở phần chủ hồ sơ.",
        ),
    ],
)
def test_field_rules_answer_422_with_the_field_named(demo: Any, form: dict[str, Any], field: str, message: str) -> None:
    response = _post(
        api_client(demo.user("citizen")), "/api/v1/dossiers", ["giay-chung-sinh"], form_data={**README_FORM, **form}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_form_data"
    assert response.json()["details"]["fields"] == {field: message}
    assert not Dossier.objects.exists()


def test_the_counter_api_scans_the_declaration_and_records_the_id_card_as_seen(demo: Any) -> None:
    client = api_client(demo.user("reception"))
    applicant = {"type": "citizen", "name": "Phạm Thị Lan", "id_number": "001190034567", "phone": "0901234567"}
    response = _post(client, "/api/v1/counter/dossiers", ["to-khai", "giay-chung-sinh"], applicant=applicant)
    assert response.status_code == 422
    assert list(response.json()["details"]["documents"]) == ["giay-to-tuy-than"]
    response = _post(
        client,
        "/api/v1/counter/dossiers",
        ["to-khai", "giay-chung-sinh"],
        applicant=applicant,
        shown=["giay-to-tuy-than"],
    )
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.events.get(action="submit").data == {"channel": 1, "shown": ["giay-to-tuy-than"]}


def test_the_procedure_says_how_each_paper_is_given_and_lists_the_codes(demo: Any) -> None:
    body = api_client(None).get("/api/v1/procedures/1.001193").json()
    channels = {d["code"]: d["channels"] for d in body["documents"]}
    assert channels["to-khai"] == {"online": "eform", "counter": "upload"}
    assert channels["giay-to-tuy-than"] == {"online": "show", "counter": "show"}
    assert channels["giay-chung-sinh"] == {"online": "upload", "counter": "upload"}
    specs = {f["name"]: f for f in body["form_fields"]}
    assert specs["dan_toc"]["code_list"] == "ethnicity" and len(specs["dan_toc"]["choices"]) == 54
    assert specs["quoc_tich"]["choices"][0] == "Việt Nam" and len(specs["quoc_tich"]["choices"]) == 249
    assert specs["so_dien_thoai"]["source"] == "applicant.phone" and specs["ngay_sinh"]["max"] == "today"


def test_a_refused_file_names_its_extension_in_the_api_message(demo: Any) -> None:
    body = {
        "procedure_code": "1.001193",
        "agency_code": "H26.101",
        "form_data": README_FORM,
        "documents": ["giay-chung-sinh"],
    }
    exe = named_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "cai-dat.exe")
    response = api_client(demo.user("citizen")).post("/api/v1/dossiers", {"payload": json.dumps(body), "files": [exe]})
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "file_type_not_allowed"
    assert answer["message"] == (
        "Tệp .exe không được chấp nhận (“cai-dat.exe”). Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word."
    )
    assert answer["details"]["field"] == "giay-chung-sinh" and answer["details"]["file"] == "cai-dat.exe"
