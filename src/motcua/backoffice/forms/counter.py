"""The counter intake form (tiếp nhận trực tiếp): applicant, the procedure's form, the papers received."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApplicantType
from motcua.backoffice.forms.digitisation import DigitisationForm
from motcua.backoffice.forms.fields import file_attrs
from motcua.catalogue.documents import COUNTER, Mode, mode_of
from motcua.catalogue.form_schema import TODAY, asked_fields, choice_names
from motcua.catalogue.models import DocumentRequirement, ProcedureVersion
from motcua.core import clock
from motcua.core.dates import DateTextInput
from motcua.core.errors import ValidationError
from motcua.dossiers.services.digitisation import DigitisationInput, check_metadata
from motcua.dossiers.statuses import Channel
from motcua.organisation.models import Agency

FORM_PREFIX = "ff_"


def _bound(value: Any) -> str | None:
    if value is None:
        return None
    return clock.local_now().date().isoformat() if value == TODAY else str(value)


def spec_field(spec: dict[str, Any]) -> forms.Field:
    """Return the Django field for one field spec of a procedure's form (catalogue/form_schema.py).

    The fields render the right inputs (types, min/max, the national lists) but check nothing:
    the submission service checks every rule (required, dates not in the future, bounds, phone,
    personal ID, the lists) and reports all at once, with the same messages as the portal and the API.
    """
    field = _unchecked_field(spec)
    field.shows_required = bool(spec.get("required"))  # type: ignore[attr-defined]  # the service checks it
    if field.shows_required:  # type: ignore[attr-defined]
        field.widget.attrs["aria-required"] = "true"
    return field


def _unchecked_field(spec: dict[str, Any]) -> forms.Field:
    kind = spec["type"]
    common: dict[str, Any] = {"label": spec["label"], "required": False}
    if kind == "checkbox":
        return forms.BooleanField(**common)
    bounds = {k: v for k, v in (("min", _bound(spec.get("min"))), ("max", _bound(spec.get("max")))) if v is not None}
    max_length = spec.get("max_length")
    length = {"maxlength": str(max_length)} if max_length else {}
    widget: forms.Widget
    if kind == "textarea":
        widget = forms.Textarea(attrs={"rows": 3, **length})
    elif kind == "date":
        widget = DateTextInput()  # dd/mm/yyyy whatever the browser's language; the service checks the bounds
    elif kind == "number":
        integer = bool(spec.get("integer"))
        widget = forms.NumberInput(
            attrs={"inputmode": "numeric" if integer else "decimal", "step": "1" if integer else "any", **bounds}
        )
    elif kind == "select":
        widget = forms.Select(choices=[("", _("— Chọn —"))] + [(c, c) for c in choice_names(spec)])
    elif kind == "personal_id":
        widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "12"})
    elif kind == "email":
        widget = forms.EmailInput(attrs=length)
    elif kind == "phone":
        widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "maxlength": str(max_length or 20)})
    else:
        widget = forms.TextInput(attrs=length)
    return forms.CharField(widget=widget, **common)


def plain(value: Any) -> Any:
    """Return a cleaned form value as the JSON the submission service validates."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    if value is None:
        return ""
    return value


class IntakeForm(forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan tiếp nhận"))
    applicant_type = forms.ChoiceField(label=_("Đối tượng"))
    applicant_name = forms.CharField(
        label=_("Họ tên chủ hồ sơ / tên tổ chức"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân / mã số doanh nghiệp"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    channel = forms.TypedChoiceField(
        label=_("Hình thức nộp"),
        coerce=int,
        choices=[(Channel.IN_PERSON.value, Channel.IN_PERSON.label), (Channel.POSTAL.value, Channel.POSTAL.label)],
        initial=Channel.IN_PERSON.value,
        widget=forms.RadioSelect,
    )
    sets_count = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=20, initial=1)

    def __init__(self, *args: Any, version: ProcedureVersion, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        agency_field: Any = self.fields["agency"]
        agency_field.choices = [(a.code, f"{a.name} ({a.code})") for a in agencies]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].code
        allowed = version.applicant_types or list(ApplicantType.values)
        type_field: Any = self.fields["applicant_type"]
        type_field.choices = [(v, label) for v, label in ApplicantType.choices if v in allowed]
        self.spec_names: list[str] = []
        for spec in asked_fields(version.form_fields or []):  # the applicant's own data are asked above
            name = FORM_PREFIX + spec["name"]
            self.fields[name] = spec_field(spec)
            self.spec_names.append(name)
        # The papers of the counter channel (catalogue.documents): scanned, or only shown, or the e-form.
        self.digitisation: dict[int, DigitisationForm] = {}
        # Lấy từ kho dữ liệu: the applicant's valid stored items per requirement code (set by the view).
        self.store_choices: dict[str, list[Any]] = {}
        self.requirements: list[DocumentRequirement] = [
            r for r in version.documents.all() if mode_of(r, COUNTER) != Mode.NONE
        ]
        for i, req in enumerate(self.requirements):
            mode = mode_of(req, COUNTER)
            if mode == Mode.UPLOAD:
                # Số hóa: the metadata of the scan, entered with it (or later, from the dossier page).
                self.digitisation[i] = DigitisationForm(
                    self.data if self.is_bound else None,
                    prefix=f"dz{i}",
                    agency_ids=[a.pk for a in agencies],
                    optional=True,
                )
                self.fields[f"doc_{i}"] = forms.BooleanField(label=_("Đã nhận"), required=False)
                self.fields[f"file_{i}"] = forms.FileField(
                    label=_("Bản quét"), required=False, widget=forms.ClearableFileInput(attrs=file_attrs())
                )
            elif mode == Mode.SHOW:
                self.fields[f"doc_{i}"] = forms.BooleanField(label=_("Đã xem bản chính để đối chiếu"), required=False)

    def applicant_fields(self) -> list[Any]:
        return [
            self[n]
            for n in (
                "applicant_type",
                "applicant_name",
                "applicant_id_number",
                "applicant_phone",
                "applicant_email",
                "applicant_address",
            )
        ]

    def procedure_fields(self) -> list[Any]:
        return [self[n] for n in self.spec_names]

    def document_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "req": req,
                "mode": mode_of(req, COUNTER),
                "tick": self[f"doc_{i}"] if f"doc_{i}" in self.fields else None,
                "file": self[f"file_{i}"] if f"file_{i}" in self.fields else None,
                "digitisation": self.digitisation.get(i),
                "store": self.store_choices.get(req.code, []),
                "picked": str(self.data.get(f"store-{req.code}", "")) if self.is_bound else "",
            }
            for i, req in enumerate(self.requirements)
        ]

    def store_picks(self) -> dict[str, int]:
        """The stored items the officer took (requirement code → item id), among the choices offered."""
        picks: dict[str, int] = {}
        for code, items in self.store_choices.items():
            value = str(self.data.get(f"store-{code}", ""))
            if value.isdigit() and int(value) in {i.pk for i in items}:
                picks[code] = int(value)
        return picks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i, _req in enumerate(self.requirements):
            if f"file_{i}" in self.fields and data.get(f"doc_{i}") and not data.get(f"file_{i}"):
                self.add_error(f"file_{i}", _("Vui lòng tải lên bản quét của giấy tờ đã nhận."))
        for i, sub in self.digitisation.items():
            if not sub.is_valid():
                self.add_error(None, _("Vui lòng sửa thông tin số hóa của giấy tờ."))
                continue
            if not sub.filled():
                continue
            if not data.get(f"file_{i}"):
                self.add_error(f"file_{i}", _("Vui lòng tải lên bản quét của giấy tờ được số hóa."))
                continue
            try:
                check_metadata(sub.metadata())
            except ValidationError as exc:
                field = exc.details.get("field") if isinstance(exc.details, dict) else None
                sub.add_error(field if field in sub.fields else None, str(exc.message))
                self.add_error(None, _("Vui lòng sửa thông tin số hóa của giấy tờ."))
        return data

    def digitisations(self) -> dict[str, DigitisationInput]:
        """The metadata entered for each scanned paper, by requirement code (the papers left for later omitted)."""
        return {
            self.requirements[i].code: sub.metadata()
            for i, sub in self.digitisation.items()
            if sub.is_valid() and sub.filled() and self.cleaned_data.get(f"file_{i}")
        }

    def shown(self) -> tuple[str, ...]:
        """The papers to show that the officer ticked as seen (xuất trình để đối chiếu)."""
        return tuple(
            req.code
            for i, req in enumerate(self.requirements)
            if mode_of(req, COUNTER) == Mode.SHOW and self.cleaned_data.get(f"doc_{i}")
        )

    def form_data(self) -> dict[str, Any]:
        return {n.removeprefix(FORM_PREFIX): plain(self.cleaned_data.get(n)) for n in self.spec_names}

    def files_by_requirement(self) -> dict[str, list[Any]]:
        return {
            req.code: [self.cleaned_data[f"file_{i}"]]
            for i, req in enumerate(self.requirements)
            if self.cleaned_data.get(f"file_{i}")
        }

    def field_for_requirement(self, code: str) -> str | None:
        for i, req in enumerate(self.requirements):
            if req.code == code:
                return f"file_{i}" if f"file_{i}" in self.fields else f"doc_{i}"
        return None
