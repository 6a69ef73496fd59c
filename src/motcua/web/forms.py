from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    personal_id = forms.CharField(label=_("Số định danh cá nhân (12 số)"), min_length=12, max_length=12,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("Mật khẩu (ít nhất 8 ký tự)"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
