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
    cleaned = validate_form_data(SPECS, {
        "ho_ten": "  Nguyễn An ", "ngay_sinh": "05/01/2026", "so_ban": "3", "gioi_tinh": "Nữ",
        "cam_doan": "on", "email": "an@example.vn", "dien_thoai": "0912 345.678", "ghi_chu": "",
    })
    assert cleaned == {
        "ho_ten": "Nguyễn An", "ngay_sinh": "2026-01-05", "so_ban": 3, "gioi_tinh": "Nữ",
        "cam_doan": True, "nhan_tin": False, "email": "an@example.vn", "dien_thoai": "0912345678",
    }


@pytest.mark.parametrize(("value", "expected"), [
    (2, 2), ("2.50", "2.50"), (Decimal("1.25"), "1.25"), (1.5, "1.5"), ("4.0", 4),
])
def test_numbers(value: Any, expected: Any) -> None:
    base = {"ho_ten": "An", "ngay_sinh": date(2026, 1, 5), "gioi_tinh": "Nam", "cam_doan": True}
    cleaned = validate_form_data(SPECS, {**base, "so_ban": value})
    assert cleaned["so_ban"] == expected
    assert cleaned["ngay_sinh"] == "2026-01-05"


def test_every_bad_field_is_listed() -> None:
    errors = _errors({
        "ho_ten": "Nguyễn Văn Anh Tuấn",  # 19 > 10
        "ngay_sinh": "2026-02-30",
        "so_ban": "ba",
        "gioi_tinh": "Khác",
        "cam_doan": False,
        "email": "not-an-email",
        "dien_thoai": "12ab",
        "ghi_chu": 5,
        "que_quan": "Hà Nội",
    })
    assert errors == {
        "que_quan": "Trường này không có trong tờ khai.",
        "ho_ten": "Tối đa 10 ký tự (đã nhập 19).",
        "ghi_chu": "Giá trị phải là chuỗi ký tự.",
        "ngay_sinh": "Ngày không hợp lệ (định dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
        "so_ban": "Giá trị phải là một số.",
        "gioi_tinh": "Giá trị không nằm trong các lựa chọn: Nam, Nữ.",
        "cam_doan": "Vui lòng đánh dấu vào ô này.",
        "email": "Địa chỉ thư điện tử không hợp lệ.",
        "dien_thoai": "Số điện thoại không hợp lệ.",
    }


def test_missing_required_fields() -> None:
    errors = _errors({"ho_ten": "   ", "gioi_tinh": None})
    assert errors == {
        "ho_ten": "Vui lòng nhập thông tin này.",
        "ngay_sinh": "Vui lòng nhập thông tin này.",
        "gioi_tinh": "Vui lòng nhập thông tin này.",
        "cam_doan": "Vui lòng đánh dấu vào ô này.",
    }


@pytest.mark.parametrize("value", [True, "nan", "Infinity", [1]])
def test_bad_numbers(value: Any) -> None:
    assert "so_ban" in _errors({"ho_ten": "An", "ngay_sinh": "2026-01-05", "gioi_tinh": "Nam",
                                "cam_doan": True, "so_ban": value})


def test_checkbox_wrong_type_and_non_dict_data() -> None:
    assert _errors({"ho_ten": "An", "ngay_sinh": "2026-01-05", "gioi_tinh": "Nam", "cam_doan": "maybe"}) == {
        "cam_doan": "Giá trị phải là đúng hoặc sai.",
    }
    assert list(_errors(["x"])) == [""]


def test_demo_birth_registration_form_accepts_a_real_declaration(demo_data: dict[str, Any]) -> None:
    specs = next(p for p in demo_data["procedures"] if p["code"] == "1.001193")["form_fields"]
    validate_field_specs(specs)
    cleaned = validate_form_data(specs, {
        "ho_ten_tre": "Trần Minh Khôi", "ngay_sinh": "2026-11-02", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
        "gioi_tinh": "Nam", "dan_toc": "Kinh", "quoc_tich": "Việt Nam", "ho_ten_me": "Lê Thu Hà",
        "quan_he_nguoi_yeu_cau": "Mẹ", "so_dien_thoai": "+84 912 345 678",
    })
    assert cleaned["so_dien_thoai"] == "+84912345678"


@pytest.mark.parametrize(("spec", "path"), [
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
])
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
