"""Forms of the feedback pages (parsing only; the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import CRITERIA, Category, Feedback, Level


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức độ hài lòng chung"), choices=Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

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
    """The portal's PAKN form; each category's additional attributes (Open311) are fields of their own.

    An attribute field is named ``attr-<category>-<attribute>``; the page shows only the selected
    category's fields (feedback.js), and only those are read and required when it is sent.
    """

    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Category.objects.filter(active=True),
        to_field_name="code",
        empty_label=_("— Chọn lĩnh vực —"),
    )
    subject = forms.ChoiceField(label=_("Phản ánh về"), choices=Feedback.Subject.choices)
    procedure_code = forms.CharField(label=_("Mã thủ tục (nếu phản ánh về thủ tục)"), required=False, max_length=40)
    dossier_code = forms.CharField(label=_("Mã hồ sơ của bạn (nếu phản ánh về hồ sơ)"), required=False, max_length=60)
    official_name = forms.CharField(
        label=_("Tên hoặc chức danh cán bộ (nếu phản ánh về cán bộ)"), required=False, max_length=200
    )
    service_name = forms.CharField(
        label=_("Tên dịch vụ công (nếu phản ánh về dịch vụ công)"), required=False, max_length=200
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    text = forms.CharField(label=_("Nội dung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(label=_("Địa điểm (không bắt buộc)"), required=False, max_length=300)
    latitude = forms.DecimalField(label=_("Vĩ độ (không bắt buộc)"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Kinh độ (không bắt buộc)"), required=False, max_digits=9, decimal_places=6)
    attachments = MultipleFileField(label=_("Tệp đính kèm (PDF, ảnh; không bắt buộc)"), required=False)
    contact_name = forms.CharField(
        label=_("Họ và tên"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_email = forms.CharField(
        label=_("Thư điện tử"), required=False, max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    CONTACT = ("contact_name", "contact_email", "contact_phone", "contact_address")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = list(Category.objects.filter(active=True))
        chosen = self.data.get("category") if self.is_bound else self.initial.get("category")
        self.groups: list[tuple[Category, list[str]]] = []
        for category in self.categories:
            names = []
            for spec in sorted(category.attributes or [], key=lambda a: a.get("order", 0)):
                if spec["code"] in self.base_fields:  # asked by the form itself (e.g. procedure_code)
                    continue
                name = attribute_field_name(category.code, spec["code"])
                field = _attribute_field(spec)
                # Required only for the category being sent; the others' fields are not read.
                field.required = bool(spec.get("required")) and (category.code == chosen or not self.is_bound)
                self.fields[name] = field
                names.append(name)
            if names:
                self.groups.append((category, names))

    def clean(self) -> dict[str, Any]:
        """Drop the errors of other categories' attribute fields: they are not sent, so not checked."""
        cleaned = super().clean() or {}
        chosen = self.data.get("category")
        for category, names in self.groups:
            if category.code != chosen:
                for name in names:
                    self.errors.pop(name, None)
                    cleaned.pop(name, None)
        return cleaned

    def attribute_groups(self) -> list[dict[str, Any]]:
        """The attribute fields per category, bound, for the template."""
        return [{"category": c, "fields": [self[n] for n in names]} for c, names in self.groups]

    def ordinary_fields(self) -> list[Any]:
        return [self[name] for name in self.base_fields]

    def attributes(self) -> dict[str, Any]:
        """The attribute values of the chosen category (after ``is_valid``), as the service expects them."""
        category = self.cleaned_data["category"]
        out: dict[str, Any] = {}
        for spec in category.attributes or []:
            code = spec["code"]
            value = self.cleaned_data.get(
                code if code in self.base_fields else attribute_field_name(category.code, code)
            )
            if value not in (None, "", []):
                out[code] = value if isinstance(value, list) else str(value)
        return out


def attribute_field_name(category_code: str, attribute_code: str) -> str:
    return f"attr-{category_code}-{attribute_code}"


def _attribute_field(spec: dict[str, Any]) -> forms.Field:
    """A form field for one Open311 attribute definition (datatype, values, description)."""
    label = spec.get("description") or spec["code"]
    help_text = spec.get("datatype_description", "")
    choices = [(str(v["key"]), v["name"]) for v in spec.get("values", [])]
    kind = spec.get("datatype", "string")
    if kind == "singlevaluelist":
        return forms.ChoiceField(label=label, help_text=help_text, choices=[("", _("— Chọn —")), *choices])
    if kind == "multivaluelist":
        return forms.MultipleChoiceField(
            label=label, help_text=help_text, choices=choices, widget=forms.CheckboxSelectMultiple
        )
    if kind == "number":
        return forms.DecimalField(label=label, help_text=help_text)
    widget = forms.Textarea(attrs={"rows": 3}) if kind == "text" else forms.TextInput()
    return forms.CharField(label=label, help_text=help_text, max_length=2000, widget=widget)


class ProvideInfoForm(forms.Form):
    text = forms.CharField(label=_("Thông tin bổ sung"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
