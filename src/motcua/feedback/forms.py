"""Forms of the feedback pages (parsing only; the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import CRITERIA, Category, Feedback, Level


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức độ hài lòng chung"), choices=Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Ý kiến khác (không bắt buộc)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CRITERIA:
            self.fields[f"c_{code}"] = forms.ChoiceField(label=label, choices=Level.choices, widget=forms.RadioSelect)

    def criteria(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"c_{code}"] for code, _label in CRITERIA}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class FeedbackForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Category.objects.filter(active=True),
                                      to_field_name="code", empty_label=_("— Chọn lĩnh vực —"))
    subject = forms.ChoiceField(label=_("Phản ánh về"), choices=Feedback.Subject.choices)
    procedure_code = forms.CharField(label=_("Mã thủ tục (nếu phản ánh về thủ tục)"), required=False, max_length=40)
    dossier_code = forms.CharField(label=_("Mã hồ sơ của bạn (nếu phản ánh về hồ sơ)"), required=False,
                                   max_length=60)
    official_name = forms.CharField(label=_("Tên hoặc chức danh cán bộ (nếu phản ánh về cán bộ)"), required=False,
                                    max_length=200)
    service_name = forms.CharField(label=_("Tên dịch vụ công (nếu phản ánh về dịch vụ công)"), required=False,
                                   max_length=200)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    text = forms.CharField(label=_("Nội dung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(label=_("Địa điểm (không bắt buộc)"), required=False, max_length=300)
    latitude = forms.DecimalField(label=_("Vĩ độ (không bắt buộc)"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Kinh độ (không bắt buộc)"), required=False, max_digits=9,
                                   decimal_places=6)
    attachments = MultipleFileField(label=_("Tệp đính kèm (PDF, ảnh; không bắt buộc)"), required=False)
    contact_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254,
                                    widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    CONTACT = ("contact_name", "contact_email", "contact_phone")


class ProvideInfoForm(forms.Form):
    text = forms.CharField(label=_("Thông tin bổ sung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
