from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    """The channels a person receives notices on (Cài đặt thông báo)."""

    in_app = forms.BooleanField(label=_("Thông báo trên Cổng"), required=False)
    email = forms.BooleanField(label=_("Thư điện tử"), required=False)
    sms = forms.BooleanField(label=_("Tin nhắn SMS"), required=False)
    zalo = forms.BooleanField(label=_("Tin nhắn Zalo"), required=False)
