"""Field specs of a procedure's declaration form and the data entered under them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from motcua.catalogue.form_schema import field_spec_errors, validate_field_specs, validate_form_data
from motcua.core.errors import ValidationError

SPECS: list[dict[str, Any]] = [
    {"name": "ho_ten", "label": "Họ, chữ đệm, tên", "type": "text", "required": True, "max_length": 10},
    {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea", "required": False},
    {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": True},
    {"name": "so_ban", "label": "Số bản", "type": "number", "required": False},
    {"name": "gioi_tinh", "label": "Giới tính", "type": "select", "required": True, "choices": ["Nam", "Nữ"]},
    {"name": "cam_doan", "label": "Tôi cam đoan", "type": "checkbox", "required": True},
    {"name": "nhan_tin", "label": "Nhận tin nhắn", "type": "checkbox", "required": False},
    {"name": "email", "label": "Thư điện tử", "type": "email", "required": False},
    {"name": "dien_thoai", "label": "Điện thoại", "type": "phone", "required": False},
]


def _errors(data: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        validate_form_data(SPECS, data)
    assert exc.value.code == "invalid_form_data"
    return exc.value.details["fields"]


def test_specs_are_valid() -> None:
    validate_field_specs(SPECS)


def test_cleaned_values_are_coerced() -> None:
    cleaned = validate_form_data(
        SPECS,
        {
            "ho_ten": "  Nguyễn An ",
            "ngay_sinh": "05/01/2026",
            "so_ban": "3",
            "gioi_tinh": "Nữ",
            "cam_doan": "on",
            "email": "an@example.vn",
            "dien_thoai": "0912 345.678",
            "ghi_chu": "",
        },
    )
    assert cleaned == {
        "ho_ten": "Nguyễn An",
        "ngay_sinh": "2026-01-05",
        "so_ban": 3,
        "gioi_tinh": "Nữ",
        "cam_doan": True,
        "nhan_tin": False,
        "email": "an@example.vn",
        "dien_thoai": "0912345678",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, 2),
        ("2.50", "2.50"),
        (Decimal("1.25"), "1.25"),
        (1.5, "1.5"),
        ("4.0", 4),
    ],
)
def test_numbers(value: Any, expected: Any) -> None:
    base = {"ho_ten": "An", "ngay_sinh": date(2026, 1, 5), "gioi_tinh": "Nam", "cam_doan": True}
    cleaned = validate_form_data(SPECS, {**base, "so_ban": value})
    assert cleaned["so_ban"] == expected
    assert cleaned["ngay_sinh"] == "2026-01-05"


def test_every_bad_field_is_listed() -> None:
    errors = _errors(
        {
            "ho_ten": "Nguyễn Văn Anh Tuấn",  # 19 > 10
            "ngay_sinh": "2026-02-30",
            "so_ban": "ba",
            "gioi_tinh": "Khác",
            "cam_doan": False,
            "email": "not-an-email",
            "dien_thoai": "12ab",
            "ghi_chu": 5,
            "que_quan": "Hà Nội",
        }
    )
    assert errors == {
        "que_quan": "Trường này không có trong tờ khai.",
        "ho_ten": "“Họ, chữ đệm, tên” tối đa 10 ký tự (đã nhập 19).",
        "ghi_chu": "“Ghi chú” phải là chuỗi ký tự.",
        "ngay_sinh": "“Ngày sinh” không phải ngày hợp lệ (ngày/tháng/năm, ví dụ 15/11/2026).",
        "so_ban": "“Số bản” phải là một số.",
        "gioi_tinh": "“Giới tính”: “Khác” không phải một lựa chọn; chọn một trong: Nam, Nữ.",
        "cam_doan": "Vui lòng đánh dấu “Tôi cam đoan”.",
        "email": "“Thư điện tử” không phải địa chỉ thư điện tử hợp lệ (ví dụ: ten@example.vn).",
        "dien_thoai": "“Điện thoại” không phải số điện thoại hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), "
        "cố định gồm 11 chữ số (ví dụ 02438253536).",
    }


def test_missing_required_fields() -> None:
    errors = _errors({"ho_ten": "   ", "gioi_tinh": None})
    assert errors == {
        "ho_ten": "Vui lòng nhập “Họ, chữ đệm, tên”.",
        "ngay_sinh": "Vui lòng nhập “Ngày sinh”.",
        "gioi_tinh": "Vui lòng chọn “Giới tính”.",
        "cam_doan": "Vui lòng đánh dấu “Tôi cam đoan”.",
    }


@pytest.mark.parametrize("value", [True, "nan", "Infinity", [1]])
def test_bad_numbers(value: Any) -> None:
    assert "so_ban" in _errors(
        {"ho_ten": "An", "ngay_sinh": "2026-01-05", "gioi_tinh": "Nam", "cam_doan": True, "so_ban": value}
    )


def test_checkbox_wrong_type_and_non_dict_data() -> None:
    assert _errors({"ho_ten": "An", "ngay_sinh": "2026-01-05", "gioi_tinh": "Nam", "cam_doan": "maybe"}) == {
        "cam_doan": "“Tôi cam đoan”: giá trị phải là đúng hoặc sai.",
    }
    assert list(_errors(["x"])) == [""]


def test_demo_birth_registration_form_accepts_a_real_declaration(demo_data: dict[str, Any]) -> None:
    specs = next(p for p in demo_data["procedures"] if p["code"] == "1.001193")["form_fields"]
    validate_field_specs(specs)
    applicant = {"name": "Lê Thu Hà", "id_number": "001190012345", "phone": "+84912345678", "email": "", "address": ""}
    cleaned = validate_form_data(
        specs,
        {
            "ho_ten_tre": "Trần Minh Khôi",
            "ngay_sinh": "2026-11-02",
            "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
            "gioi_tinh": "Nam",
            "dan_toc": "Kinh",
            "quoc_tich": "Việt Nam",
            "ho_ten_me": "Lê Thu Hà",
            "so_dinh_danh_me": "001190012345",
            "quan_he_nguoi_yeu_cau": "Mẹ",
            "so_ban_sao": "2",
        },
        applicant=applicant,
        today=date(2026, 11, 20),
    )
    # The phone is the applicant's (step 1), not asked again; the empty e-mail is left out.
    assert cleaned["so_dien_thoai"] == "+84912345678" and "email" not in cleaned
    assert cleaned["dan_toc"] == "Kinh" and cleaned["so_ban_sao"] == 2


def _birth(demo_data: dict[str, Any]) -> list[dict[str, Any]]:
    return next(p for p in demo_data["procedures"] if p["code"] == "1.001193")["form_fields"]


BIRTH = {
    "ho_ten_tre": "Trần Minh Khôi",
    "ngay_sinh": "2026-11-02",
    "noi_sinh": "Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Mẹ",
}
APPLICANT = {"name": "Lê Thu Hà", "id_number": "001190012345", "phone": "0912345678", "email": "", "address": ""}


def _birth_errors(demo_data: dict[str, Any], **changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        validate_form_data(_birth(demo_data), {**BIRTH, **changes}, applicant=APPLICANT, today=date(2026, 11, 20))
    return exc.value.details["fields"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # dates not in the future (birth)
        (
            {"ngay_sinh": "2026-11-21"},
            {"ngay_sinh": "“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026)."},
        ),
        (
            {"ngay_sinh": "21/11/2026"},
            {"ngay_sinh": "“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026)."},
        ),
        # 12-digit personal ID
        (
            {"so_dinh_danh_me": "00119001234"},
            {"so_dinh_danh_me": "“Số định danh cá nhân của mẹ” phải gồm đúng 12 chữ số."},
        ),
        (
            {"so_dinh_danh_me": "00119001234a"},
            {"so_dinh_danh_me": "“Số định danh cá nhân của mẹ” phải gồm đúng 12 chữ số."},
        ),
        (
            {"so_dinh_danh_cha": "999085012345"},
            {
                "so_dinh_danh_cha": "“Số định danh cá nhân của cha”: 3 chữ số đầu (mã tỉnh "
                "nơi đăng ký khai sinh) không hợp lệ."
            },
        ),
        (
            {"so_dinh_danh_cha": "001399012345"},
            {"so_dinh_danh_cha": "“Số định danh cá nhân của cha”: năm sinh trong số định danh không hợp lệ."},
        ),
        # national code lists
        ({"dan_toc": "Việt"}, {"dan_toc": "“Dân tộc”: “Việt” không có trong danh mục 54 dân tộc."}),
        (
            {"quoc_tich": "Atlantis"},
            {"quoc_tich": "“Quốc tịch”: “Atlantis” không có trong danh mục quốc gia, vùng lãnh thổ."},
        ),
        # min and max, whole numbers
        ({"so_ban_sao": "21"}, {"so_ban_sao": "“Số bản sao Giấy khai sinh đề nghị cấp” phải từ 0 đến 20."}),
        ({"so_ban_sao": -1}, {"so_ban_sao": "“Số bản sao Giấy khai sinh đề nghị cấp” phải từ 0 đến 20."}),
        ({"so_ban_sao": "1.5"}, {"so_ban_sao": "“Số bản sao Giấy khai sinh đề nghị cấp” phải là số nguyên."}),
        # a field taken from the applicant cannot be declared differently
        (
            {"so_dien_thoai": "0987654321"},
            {"so_dien_thoai": "“Số điện thoại liên hệ” được lấy từ thông tin chủ hồ sơ; hãy sửa ở phần chủ hồ sơ."},
        ),
    ],
)
def test_birth_registration_rules(demo_data: dict[str, Any], changes: dict[str, Any], expected: dict[str, str]) -> None:
    assert _birth_errors(demo_data, **changes) == expected


def test_rules_accept_their_bounds(demo_data: dict[str, Any]) -> None:
    cleaned = validate_form_data(
        _birth(demo_data),
        {
            **BIRTH,
            "ngay_sinh": "20/11/2026",
            "so_ban_sao": "20",
            "so_dinh_danh_cha": "001085012345",
            "dan_toc": "Ê-đê",
            "quoc_tich": "Hàn Quốc",
            "so_dien_thoai": "0912 345 678",
        },
        applicant=APPLICANT,
        today=date(2026, 11, 20),
    )
    assert (cleaned["ngay_sinh"], cleaned["so_ban_sao"], cleaned["so_dinh_danh_cha"]) == (
        "2026-11-20",
        20,
        "001085012345",
    )
    assert (cleaned["dan_toc"], cleaned["quoc_tich"], cleaned["so_dien_thoai"]) == ("Ê-đê", "Hàn Quốc", "0912345678")


def test_a_required_field_from_the_applicant_needs_the_applicant_datum(demo_data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_form_data(_birth(demo_data), BIRTH, applicant={**APPLICANT, "phone": ""}, today=date(2026, 11, 20))
    assert exc.value.details["fields"] == {"so_dien_thoai": "Vui lòng nhập “Số điện thoại liên hệ” ở phần chủ hồ sơ."}
    # Without the applicant (a check of the typed part only) the field is left out.
    assert "so_dien_thoai" not in validate_form_data(_birth(demo_data), BIRTH, today=date(2026, 11, 20))


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("0912345678", True),
        ("0351234567", True),
        ("0561234567", True),
        ("0701234567", True),
        ("0812345678", True),
        ("+84912345678", True),
        ("02438253536", True),
        ("0236 3822 123", True),
        ("(028) 3829-1234", True),
        ("0123456789", False),
        ("0412345678", False),
        ("091234567", False),
        ("09123456789", False),
        ("912345678", False),
        ("+8491234567", False),
        ("0912-abc-678", False),
        ("0612345678", False),
    ],
)
def test_vietnamese_phone_numbers(number: str, ok: bool) -> None:
    specs = [{"name": "dt", "label": "Điện thoại", "type": "phone", "required": True}]
    if ok:
        assert validate_form_data(specs, {"dt": number})["dt"] == number.replace(" ", "").replace("-", "").replace(
            "(", ""
        ).replace(")", "")
    else:
        with pytest.raises(ValidationError):
            validate_form_data(specs, {"dt": number})


def test_fixed_date_bounds_and_decimal_bounds() -> None:
    specs: list[dict[str, Any]] = [
        {"name": "tu_ngay", "label": "Từ ngày", "type": "date", "min": "2026-01-01", "max": "2026-12-31"},
        {"name": "dien_tich", "label": "Diện tích (m²)", "type": "number", "min": 0.5, "max": 1000},
        {"name": "han", "label": "Hạn", "type": "date", "min": "today"},
    ]
    with pytest.raises(ValidationError) as exc:
        validate_form_data(
            specs, {"tu_ngay": "2025-12-31", "dien_tich": "0.25", "han": "2026-11-19"}, today=date(2026, 11, 20)
        )
    assert exc.value.details["fields"] == {
        "tu_ngay": "“Từ ngày” không được trước ngày 01/01/2026.",
        "dien_tich": "“Diện tích (m²)” phải từ 0,5 đến 1.000.",
        "han": "“Hạn” không được trước ngày hôm nay (20/11/2026).",
    }
    with pytest.raises(ValidationError) as exc:
        validate_form_data(specs, {"tu_ngay": "2027-01-01"}, today=date(2026, 11, 20))
    assert exc.value.details["fields"] == {"tu_ngay": "“Từ ngày” không được sau ngày 31/12/2026."}
    assert validate_form_data(specs, {"dien_tich": "1000", "han": "2026-11-20"}, today=date(2026, 11, 20)) == {
        "dien_tich": 1000,
        "han": "2026-11-20",
    }


def test_code_lists_hold_the_national_lists() -> None:
    from motcua.catalogue.code_lists import code_list

    ethnicities = code_list("ethnicity")
    assert len(ethnicities.items) == 54
    assert ethnicities.items[0] == ("01", "Kinh") and ethnicities.items[-1] == ("54", "Rơ-măm")
    assert "121-TCTK/PPCĐ" in ethnicities.source
    countries = code_list("nationality")
    assert len(countries.items) == 249 and countries.items[0] == ("VN", "Việt Nam")
    assert len({code for code, _ in countries.items}) == 249 and len(set(countries.names)) == 249
    assert {("KR", "Hàn Quốc"), ("US", "Hoa Kỳ"), ("LA", "Lào"), ("KH", "Campuchia")} <= set(countries.items)


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"name": "HoTen", "label": "x", "type": "text"}, "[0].name"),
        ({"name": "ho_ten", "label": "", "type": "text"}, "[0].label"),
        ({"name": "ho_ten", "label": "x", "type": "radio"}, "[0].type"),
        ({"name": "ho_ten", "label": "x", "type": "text", "required": "yes"}, "[0].required"),
        ({"name": "ho_ten", "label": "x", "type": "select"}, "[0].choices"),
        ({"name": "ho_ten", "label": "x", "type": "select", "choices": ["A", "A"]}, "[0].choices"),
        ({"name": "ho_ten", "label": "x", "type": "text", "choices": ["A"]}, "[0].choices"),
        ({"name": "ho_ten", "label": "x", "type": "date", "max_length": 5}, "[0].max_length"),
        ({"name": "ho_ten", "label": "x", "type": "text", "max_length": 0}, "[0].max_length"),
        ({"name": "ho_ten", "label": "x", "type": "text", "hint": "?"}, "[0].hint"),
        ({"name": "ho_ten", "label": "x", "type": "select", "code_list": "religion"}, "[0].code_list"),
        ({"name": "ho_ten", "label": "x", "type": "text", "code_list": "ethnicity"}, "[0].code_list"),
        ({"name": "ho_ten", "label": "x", "type": "number", "min": "1"}, "[0].min"),
        ({"name": "ho_ten", "label": "x", "type": "number", "max": True}, "[0].max"),
        ({"name": "ho_ten", "label": "x", "type": "number", "min": 5, "max": 1}, "[0].min"),
        ({"name": "ho_ten", "label": "x", "type": "date", "max": "2026-02-30"}, "[0].max"),
        ({"name": "ho_ten", "label": "x", "type": "date", "min": "2027-01-01", "max": "2026-01-01"}, "[0].min"),
        ({"name": "ho_ten", "label": "x", "type": "text", "max": 3}, "[0].max"),
        ({"name": "ho_ten", "label": "x", "type": "number", "integer": "yes"}, "[0].integer"),
        ({"name": "ho_ten", "label": "x", "type": "personal_id", "max_length": 12}, "[0].max_length"),
        ({"name": "ho_ten", "label": "x", "type": "text", "source": "applicant.phone"}, "[0].source"),
        ({"name": "ho_ten", "label": "x", "type": "text", "source": "account.phone"}, "[0].source"),
    ],
)
def test_bad_specs(spec: dict[str, Any], path: str) -> None:
    assert [p for p, _ in field_spec_errors([spec])] == [path]
    with pytest.raises(ValidationError) as exc:
        validate_field_specs([spec])
    assert exc.value.code == "invalid_form_fields"
    assert exc.value.details["errors"][0]["path"] == path


def test_duplicate_names_and_non_list() -> None:
    spec = {"name": "a", "label": "A", "type": "text"}
    assert field_spec_errors([spec, dict(spec)]) == [("[1].name", "Tên trường bị trùng: a.")]
    assert [p for p, _ in field_spec_errors({"a": 1})] == [""]
    assert [p for p, _ in field_spec_errors(["a"])] == ["[0]"]
