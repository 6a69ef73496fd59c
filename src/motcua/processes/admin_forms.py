"""Forms of the admin pages: BPMN upload and the step-table editor."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .bpmn.durations import Allotment
from .bpmn.generate import StepSpec
from .bpmn.model import ROLES


class ImportForm(forms.Form):
    procedure_code = forms.CharField(label=_("Mã thủ tục"), max_length=40)
    file = forms.FileField(label=_("Tệp BPMN (.bpmn, .xml)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 2 MB)."))
        data: bytes = upload.read()
        return data


class StepRowForm(forms.Form):
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1)
    name = forms.CharField(label=_("Tên bước"), max_length=300)
    body = forms.CharField(
        label=_("Cơ quan"),
        max_length=40,
        initial="{handling}",
        help_text=_("Mã cơ quan, {receiving} (nơi tiếp nhận) hoặc {handling} (nơi giải quyết)."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=[(r, r) for r in ROLES])
    amount = forms.DecimalField(label=_("Thời hạn"), min_value=Decimal("0.25"), max_digits=6, decimal_places=2)
    unit = forms.ChoiceField(
        label=_("Đơn vị"), choices=[("working_hours", _("giờ làm việc")), ("working_days", _("ngày làm việc"))]
    )
    can_request_supplement = forms.BooleanField(label=_("Yêu cầu bổ sung"), required=False)
    can_refuse = forms.BooleanField(label=_("Từ chối"), required=False)

    def spec(self) -> StepSpec:
        d = self.cleaned_data
        return StepSpec(
            order=d["order"],
            name=d["name"],
            body=d["body"].strip(),
            role=d["role"],
            allotment=Allotment(d["unit"], d["amount"]),
            can_request_supplement=d["can_request_supplement"],
            can_refuse=d["can_refuse"],
        )


StepFormSet = forms.formset_factory(StepRowForm, extra=2, can_delete=True)


class StepTableProcedureForm(forms.Form):
    procedure_code = forms.CharField(label=_("Mã thủ tục"), max_length=40)
