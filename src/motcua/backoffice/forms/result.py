"""The fields of issuing a result (Ban hành kết quả): the signed file, its number, date and signer.

Shared by the dossier's "issue_result" form and the clerk's step form; the service checks the
record again (dossiers/services/results.py) and names the field of any error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms.fields import file_attrs
from motcua.core import clock
from motcua.core.dates import DateField
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.services.results import NAME_MAX, NUMBER_MAX, ResultRecord
from motcua.dossiers.statuses import Status


class ResultFields(forms.Form):
    """Mixed into a form that sets ``self.dossier`` and then calls ``setup_result()``."""

    file = forms.FileField(
        label=_("Văn bản kết quả (bản điện tử)"), required=False, widget=forms.ClearableFileInput(attrs=file_attrs())
    )
    result_number = forms.CharField(
        label=_("Số, ký hiệu văn bản kết quả"), max_length=NUMBER_MAX, help_text=_("Ví dụ: 125/GKS-UBND.")
    )
    result_date = DateField(
        label=_("Ngày ban hành"),  # dd/mm/yyyy typed, ISO accepted (core.dates)
        help_text=_("Không sau ngày hôm nay, không trước ngày phê duyệt."),
    )
    signer_name = forms.CharField(label=_("Người ký: họ và tên"), max_length=NAME_MAX)
    signer_position = forms.CharField(
        label=_("Người ký: chức vụ"), max_length=NAME_MAX, help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân phường.")
    )

    dossier: Dossier

    def setup_result(self) -> None:
        """Name the files already uploaded; propose today and the head who approved as the signer."""
        self.pending = list(self.dossier.documents.filter(kind=DossierDocument.Kind.RESULT, event__isnull=True))
        if self.pending:
            self.fields["file"].help_text = _("Đã tải lên: %(names)s. Có thể tải thêm tệp.") % {
                "names": ", ".join(d.original_name for d in self.pending)
            }
        today = clock.local_now().date()
        if self.is_bound:
            return
        self.initial.setdefault("result_date", today)
        approval = (
            DossierEvent.objects.filter(dossier_id=self.dossier.pk, to_status=Status.APPROVED)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        if approval is not None and approval.actor is not None:
            self.initial.setdefault("signer_name", approval.actor.display_name)
            if approval.actor.title:
                self.initial.setdefault("signer_position", approval.actor.title)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not self.pending:
            self.add_error("file", _("Vui lòng chọn tệp văn bản kết quả."))
        return data


def record_from(data: dict[str, Any]) -> ResultRecord:
    """The record of a valid form's cleaned data."""
    return ResultRecord(
        number=data["result_number"],
        issued_on=data["result_date"],
        signer_name=data["signer_name"],
        signer_position=data["signer_position"],
    )
