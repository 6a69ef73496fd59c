"""The citizen registration form: inputs only; every rule is ``accounts.services.registration_errors``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import registration_errors


class RegisterForm(forms.Form):
    """Đăng ký tài khoản: all problems are shown at once, each next to its field, in Vietnamese."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        error_messages={"required": _("Vui lòng nhập họ và tên.")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": "200"}),
    )
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (12 số)"),
        error_messages={"required": _("Vui lòng nhập số định danh cá nhân.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "12"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": "20"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": "254"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Địa chỉ tối đa 300 ký tự.")},
    )
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        error_messages={"required": _("Vui lòng nhập tên đăng nhập.")},
        help_text=_("Chữ cái không dấu, chữ số và các dấu . _ - @ +, không có khoảng trắng."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "maxlength": "150"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu (ít nhất 8 ký tự)"),
        strip=False,
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = registration_errors(
            username=data.get("username", ""),
            password=data.get("password", ""),
            full_name=data.get("full_name", ""),
            personal_id=data.get("personal_id", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data
