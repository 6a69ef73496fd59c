"""One form per back-office action on a dossier. Each carries the dossier ``version`` it was shown with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.backoffice.forms.fields import MultipleFileField, version_field
from motcua.backoffice.forms.result import ResultFields
from motcua.calendars.deadlines import latest_extension
from motcua.core import clock
from motcua.core.dates import DateTimeField
from motcua.dossiers import notes
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services.timing import calendar_for, extension_working_days
from motcua.organisation.models import Agency, OfficialRole

TEXTAREA = forms.Textarea(attrs={"rows": 3})
EXTRA_ITEMS = 3


class ActionForm(forms.Form):
    """Base: the hidden version, an optional note and whether the applicant may read it.

    The checkbox starts as the action's default (``motcua.dossiers.notes``); forms whose note the
    law sends to the applicant (reasons, supplements) have no checkbox (``note_choice = False``).
    """

    note_choice = True
    version = version_field()
    note = forms.CharField(label=_("Ghi chú, ý kiến"), required=False, max_length=2000, widget=TEXTAREA)
    note_to_applicant = forms.BooleanField(
        label=_("Cho người nộp hồ sơ xem ghi chú này"),
        required=False,
        help_text=_("Bỏ chọn: ghi chú là nội bộ, chỉ cán bộ xem được."),
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": dossier.version})
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        if not self.note_choice or "note" not in self.fields:
            del self.fields["note_to_applicant"]
        else:
            told = notes.default_visibility(self.prefix or "") == notes.NoteVisibility.APPLICANT
            self.fields["note_to_applicant"].initial = told

    def note_visibility(self) -> str | None:
        """The visibility chosen for the note (None: this form offers no choice)."""
        if "note_to_applicant" not in self.fields:
            return None
        return notes.visibility_of_choice(bool(self.cleaned_data.get("note_to_applicant")))


class ReasonsForm(ActionForm):
    """Refusal at reception or after review (Mẫu 03): the reasons are required."""

    note = None  # type: ignore[assignment]
    reasons = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nêu rõ từng lý do, mỗi lý do một dòng; lý do được in trên Mẫu 03."),
    )


class ReasonForm(ActionForm):
    note = None  # type: ignore[assignment]
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=TEXTAREA)


class ForwardForm(ActionForm):
    to_agency = forms.ChoiceField(label=_("Chuyển đến cơ quan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = clock.local_now().date()
        agencies = (
            Agency.objects.exclude(pk=self.dossier.handling_agency_id).exclude(valid_to__lt=today).order_by("code")
        )
        field: Any = self.fields["to_agency"]
        field.choices = [("", _("— Chọn cơ quan —"))] + [(a.code, f"{a.code} — {a.name}") for a in agencies]


class AssignForm(ActionForm):
    assignee = forms.ChoiceField(label=_("Chuyên viên xử lý"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = OfficialRole.objects.filter(
            agency_id=self.dossier.handling_agency_id, active=True, role__in=["specialist", "head"]
        ).values_list("user_id", flat=True)
        people = User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")
        field: Any = self.fields["assignee"]
        field.choices = [("", _("— Chọn người xử lý —"))] + [
            (u.username, f"{u.display_name} ({u.username})") for u in people
        ]


class ExtendForm(ActionForm):
    note = None  # type: ignore[assignment]
    # dd/mm/yyyy hh:mm typed (core.dates); ISO as a datetime-local input or a script sends it.
    new_due_at = DateTimeField(label=_("Ngày hẹn trả mới"), help_text=_("Trong giờ làm việc của một ngày làm việc."))
    reason = forms.CharField(label=_("Lý do chậm trả kết quả (xin lỗi)"), max_length=2000, widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.dossier.due_at is None:
            return
        cal = calendar_for(self.dossier)
        days = extension_working_days(self.dossier.procedure_version_id, cal)
        latest = latest_extension(self.dossier.due_at, days, cal)
        field = self.fields["new_due_at"]
        field.help_text = _(
            "Trong giờ làm việc của một ngày làm việc; tối đa %(n)s ngày làm việc sau ngày hẹn trả "
            "hiện tại, tức chậm nhất %(latest)s."
        ) % {"n": days, "latest": latest.strftime("%H:%M %d/%m/%Y")}

    def clean_new_due_at(self) -> datetime:
        value: datetime = self.cleaned_data["new_due_at"]
        return value.astimezone(clock.VN_TZ)


class IssueResultForm(ActionForm, ResultFields):
    """Ban hành kết quả: the signed file, its number, date and signer (forms/result.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_result()
        self.order_fields(["version", "file", "result_number", "result_date", "signer_name", "signer_position"])


class SupplementForm(ActionForm):
    """The applicant hands in the missing papers at the counter; the officer scans them."""

    note_choice = False  # the applicant's own words

    files = MultipleFileField(label=_("Bản quét giấy tờ bổ sung"), required=False)  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending = self.dossier.documents.filter(kind=DossierDocument.Kind.SUPPLEMENT, event__isnull=True).exists()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("files") and not self.pending:
            self.add_error("files", _("Vui lòng chọn tệp giấy tờ bổ sung."))
        return data


class RequestSupplementForm(ActionForm):
    """Mẫu 02: tick the missing documents of the procedure, or name others; a reason for each."""

    note_choice = False  # part of the request the applicant receives (Mẫu 02)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = list(self.dossier.procedure_version.documents.all())
        self.rows: list[tuple[str, str, str]] = []  # (checkbox or name field, reason field, kind)
        for i, req in enumerate(self.requirements):
            self.fields[f"req_{i}"] = forms.BooleanField(label=req.name, required=False)
            self.fields[f"req_reason_{i}"] = forms.CharField(
                label=_("Lý do bổ sung: %(name)s") % {"name": req.name[:60]}, required=False, max_length=1000
            )
            self.rows.append((f"req_{i}", f"req_reason_{i}", "requirement"))
        for j in range(EXTRA_ITEMS):
            self.fields[f"extra_name_{j}"] = forms.CharField(
                label=_("Giấy tờ khác %(n)s") % {"n": j + 1}, required=False, max_length=500
            )
            self.fields[f"extra_reason_{j}"] = forms.CharField(
                label=_("Lý do (giấy tờ khác %(n)s)") % {"n": j + 1}, required=False, max_length=1000
            )
            self.rows.append((f"extra_name_{j}", f"extra_reason_{j}", "extra"))
        self.order_fields(["version", *[name for row in self.rows for name in row[:2]], "note"])

    def requirement_rows(self) -> list[tuple[Any, Any]]:
        return [(self[a], self[b]) for a, b, kind in self.rows if kind == "requirement"]

    def extra_rows(self) -> list[tuple[Any, Any]]:
        return [(self[a], self[b]) for a, b, kind in self.rows if kind == "extra"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items: list[dict[str, str]] = []
        for i, req in enumerate(self.requirements):
            reason = (data.get(f"req_reason_{i}") or "").strip()
            if data.get(f"req_{i}"):
                if not reason:
                    self.add_error(f"req_reason_{i}", _("Vui lòng nêu lý do cần bổ sung."))
                items.append({"requirement": req.code, "name": req.name, "reason": reason})
            elif reason:
                self.add_error(f"req_{i}", _("Đánh dấu giấy tờ này nếu cần bổ sung."))
        for j in range(EXTRA_ITEMS):
            name = (data.get(f"extra_name_{j}") or "").strip()
            reason = (data.get(f"extra_reason_{j}") or "").strip()
            if name and not reason:
                self.add_error(f"extra_reason_{j}", _("Vui lòng nêu lý do cần bổ sung."))
            elif reason and not name:
                self.add_error(f"extra_name_{j}", _("Vui lòng nhập tên giấy tờ."))
            if name and reason:
                items.append({"requirement": "", "name": name, "reason": reason})
        if not items and not self.errors:
            raise forms.ValidationError(_("Phải nêu ít nhất một nội dung cần bổ sung."))
        data["items"] = items
        return data
