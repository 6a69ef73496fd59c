"""Citizen registration (/dang-ky/): every problem at once, in Vietnamese, next to its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.services import citizen_register
from motcua.core.errors import ValidationError

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Phạm Thu Trang",
    "personal_id": "001195012345",
    "phone": "0903 123 456",
    "email": "trang@example.vn",
    "address": "8 Lý Thái Tổ",
    "username": "thutrang",
    "password": "mat-khau-dai-123",
}


def _errors(html: str) -> dict[str, list[str]]:
    """The messages shown under each field, by field name."""
    found: dict[str, list[str]] = {}
    for name, block in re.findall(r'<div class="error" id="id_(\w+)-error">(.*?)</div>', html, re.S):
        found[name] = re.findall(r"<p>(.*?)</p>", block, re.S)
    return found


def test_every_error_is_shown_at_once_in_vietnamese() -> None:
    response = Client().post(
        "/dang-ky/",
        {
            "full_name": "<script>alert(1)</script>",
            "personal_id": "12345",
            "phone": "12345",
            "email": "khong-phai-thu",
            "username": "thu trang",
            "password": "123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _errors(html) == {
        "full_name": ["Họ và tên không được chứa ký tự đặc biệt như &lt; &gt; { } [ ] = ; hoặc mã HTML."],
        "personal_id": ["Số định danh cá nhân phải gồm đúng 12 chữ số."],
        "phone": [
            "Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), cố định gồm 11 chữ số "
            "(ví dụ 02438253536)."
        ],
        "email": ["Địa chỉ thư điện tử không hợp lệ."],
        "username": [
            "Tên đăng nhập gồm 3–150 ký tự: chữ cái không dấu, chữ số và các dấu . _ - @ +, không có khoảng trắng."
        ],
        "password": [_password_messages()],
    }
    # The summary at the top lists all six, each linked to its field.
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Vui lòng sửa 6 mục dưới đây" in summary
    assert re.findall(r'<a href="#id_(\w+)">', summary) == [
        "full_name",
        "personal_id",
        "phone",
        "email",
        "username",
        "password",
    ]
    assert "<script>" not in html and not User.objects.exists()


def _password_messages() -> str:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError as DjangoValidationError

    try:
        validate_password("123", User(username="thu trang"))
    except DjangoValidationError as exc:
        return " ".join(str(m) for m in exc.messages)
    raise AssertionError("123 must be refused")


def test_missing_fields_are_named_in_vietnamese() -> None:
    html = Client().post("/dang-ky/", {"phone": "0912345678"}).content.decode()
    assert _errors(html) == {
        "full_name": ["Vui lòng nhập họ và tên."],
        "personal_id": ["Vui lòng nhập số định danh cá nhân."],
        "username": ["Vui lòng nhập tên đăng nhập."],
        "password": ["Vui lòng nhập mật khẩu."],
    }
    assert "This field is required" not in html


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Nguyễn <b>Văn</b> An", "Họ và tên không được chứa ký tự đặc biệt như < > { } [ ] = ; hoặc mã HTML."),
        ("Nguyễn Văn An &lt;", "Họ và tên không được chứa ký tự đặc biệt như < > { } [ ] = ; hoặc mã HTML."),
        ("An {{ 7*7 }}", "Họ và tên không được chứa ký tự đặc biệt như < > { } [ ] = ; hoặc mã HTML."),
        ("Nguyễn Văn 2", "Họ và tên chỉ gồm chữ cái, khoảng trắng và các dấu ' - . (không có chữ số)."),
    ],
)
def test_names_with_markup_or_digits_are_refused(name: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        citizen_register(**{**GOOD, "full_name": name})
    assert exc.value.code == "invalid_registration"
    assert exc.value.details["fields"] == {"full_name": message}
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["H'Hen Niê", "Nguyễn Thị Minh Khai", "Y-Moan Ênuôl", "Lê Văn A."])
def test_real_names_are_accepted(name: str) -> None:
    assert citizen_register(**{**GOOD, "full_name": name}).full_name == name


@pytest.mark.parametrize("username", ["thu trang", " thu\ttrang", "tr", "thu<trang>", "thư.trang"])
def test_bad_usernames_are_refused(username: str) -> None:
    with pytest.raises(ValidationError) as exc:
        citizen_register(**{**GOOD, "username": username})
    assert list(exc.value.details["fields"]) == ["username"]


@pytest.mark.parametrize("phone", ["12345", "0123456789", "091234567", "+84 12 345 678", "0912abc678"])
def test_bad_phones_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError) as exc:
        citizen_register(**{**GOOD, "phone": phone})
    assert list(exc.value.details["fields"]) == ["phone"]


def test_a_good_registration_logs_in_and_keeps_the_number_without_spaces(client: Any) -> None:
    response = client.post("/dang-ky/", GOOD)
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    user = User.objects.get(username="thutrang")
    assert (user.full_name, user.personal_id, user.phone, user.kind) == (
        "Phạm Thu Trang",
        "001195012345",
        "0903123456",
        "citizen",
    )
    again = Client().post("/dang-ky/", {**GOOD, "phone": "0912345678"}).content.decode()
    assert "Tên đăng nhập hoặc số định danh đã được đăng ký." in again
