"""Forms of the internal-process steps on the dossier page: finish (or approve, or issue the result),
send back, refuse, reassign a step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms.fields import version_field
from motcua.backoffice.forms.result import ResultFields
from motcua.dossiers.models import Dossier
from motcua.processes.models import DossierStep
from motcua.processes.selectors import assignable

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class StepForm(forms.Form):
    """Base: the dossier version the official saw; one form per step and kind (its prefix)."""

    kind = ""
    version = version_field()

    def __init__(self, *args: Any, dossier: Dossier, row: DossierStep, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": dossier.version})
        kwargs.setdefault("prefix", f"buoc-{row.pk}-{self.kind}")
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.row = row


def note_choice(told: bool = False) -> forms.BooleanField:
    """The "tell the applicant" checkbox of a step's note (its default: ``motcua.dossiers.notes``)."""
    return forms.BooleanField(
        label=_("Cho người nộp hồ sơ xem ghi chú này"),
        required=False,
        initial=told,
        help_text=_("Bỏ chọn: ghi chú là nội bộ, chỉ cán bộ xem được."),
    )


class CompleteStepForm(StepForm):
    """Hoàn thành bước, with an optional note (the opinion handed over with the dossier)."""

    kind = "complete"
    note = forms.CharField(label=_("Ý kiến xử lý"), required=False, max_length=2000, widget=TEXTAREA)
    note_to_applicant = note_choice()


class ApproveStepForm(StepForm):
    """Phê duyệt: the head's step that is the approval (nothing of the processing is left after it)."""

    kind = "approve"
    note = forms.CharField(label=_("Ý kiến phê duyệt"), required=False, max_length=2000, widget=TEXTAREA)
    note_to_applicant = note_choice()


class IssueStepForm(StepForm, ResultFields):
    """Ban hành kết quả at the clerk's step after the approval: the file, its number, date and signer."""

    kind = "issue"
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000, widget=TEXTAREA)
    note_to_applicant = note_choice(told=True)  # the issued decision's note is told by default

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_result()
        self.order_fields(["version", "file", "result_number", "result_date", "signer_name", "signer_position"])


class SendBackStepForm(StepForm):
    """Trả lại chuyên viên: the head returns the dossier to the specialist's step before; a reason is required."""

    kind = "send_back"
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=2000,
        widget=TEXTAREA,
        help_text=_("Chuyên viên nhận được lý do này cùng thông báo."),
    )


class RefuseStepForm(StepForm):
    """Từ chối giải quyết at a step that may refuse: the reasons are required (printed on Mẫu 03)."""

    kind = "refuse"
    reasons = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nêu rõ từng lý do, mỗi lý do một dòng; lý do được in trên Mẫu 03."),
    )


class AssignStepForm(StepForm):
    """Giao lại bước: choose among the active officials holding the step's role at its body."""

    kind = "assign"
    assignee = forms.ChoiceField(label=_("Giao cho"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {u.username: u for u in assignable(self.row)}
        field: Any = self.fields["assignee"]
        field.choices = [("", _("— Chọn cán bộ —"))] + [
            (u.username, f"{u.display_name} ({u.username})") for u in self.people.values()
        ]
        if self.row.assignee_id and not self.is_bound:
            field.initial = next((n for n, u in self.people.items() if u.pk == self.row.assignee_id), "")

    def assignee_id(self) -> int:
        return int(self.people[self.cleaned_data["assignee"]].pk)


STEP_FORMS: dict[str, type[StepForm]] = {
    f.kind: f
    for f in (CompleteStepForm, ApproveStepForm, IssueStepForm, SendBackStepForm, RefuseStepForm, AssignStepForm)
}
