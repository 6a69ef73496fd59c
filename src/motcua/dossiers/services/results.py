"""The record of an issued result (số, ngày ban hành, người ký), checked before the clerk issues it.

A result is an administrative document: it carries its number and symbol, its date of issue and
who signed it, with their position (Decree 30/2020/NĐ-CP on administrative documents, art. 8 and
the annex on their layout). The clerk (văn thư) records them when issuing (``lifecycle.issue_result``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.statuses import Status

NUMBER_MAX, NAME_MAX = 50, 200


@dataclass(frozen=True)
class ResultRecord:
    number: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_position: str = ""

    def as_data(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.issued_on.isoformat() if self.issued_on else None,
            "signer_name": self.signer_name,
            "signer_position": self.signer_position,
        }


def _text(value: str, field: str, limit: int, missing: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(missing, code="required", details={"field": field})
    if len(text) > limit:
        raise ValidationError(_("Tối đa %(n)s ký tự.") % {"n": limit}, code="too_long", details={"field": field})
    return text


def approved_on(dossier: Dossier) -> date | None:
    """The local date of the approval the dossier is waiting on (its last move to "approved")."""
    at = (
        DossierEvent.objects.filter(dossier_id=dossier.pk, to_status=Status.APPROVED)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    return at.astimezone(clock.VN_TZ).date() if at else None


def clean_record(record: ResultRecord | None, dossier: Dossier) -> ResultRecord:
    """Return the record tidied, or raise ValidationError naming the field (number, date, signer).

    The number and the signer are required; the date may not be after today nor before the approval.
    """
    record = record or ResultRecord()
    number = _text(record.number, "result_number", NUMBER_MAX, _("Vui lòng nhập số, ký hiệu của văn bản kết quả."))
    if record.issued_on is None:
        raise ValidationError(
            _("Vui lòng nhập ngày ban hành văn bản kết quả."), code="required", details={"field": "result_date"}
        )
    today = clock.local_now().date()
    if record.issued_on > today:
        raise ValidationError(
            _("Ngày ban hành không được sau ngày hôm nay (%(today)s).") % {"today": today.strftime("%d/%m/%Y")},
            code="result_date_in_future",
            details={"field": "result_date"},
        )
    approval = approved_on(dossier)
    if approval is not None and record.issued_on < approval:
        raise ValidationError(
            _("Ngày ban hành không được trước ngày phê duyệt hồ sơ (%(day)s).")
            % {"day": approval.strftime("%d/%m/%Y")},
            code="result_date_before_approval",
            details={"field": "result_date"},
        )
    name = _text(record.signer_name, "signer_name", NAME_MAX, _("Vui lòng nhập họ tên người ký văn bản kết quả."))
    position = _text(
        record.signer_position, "signer_position", NAME_MAX, _("Vui lòng nhập chức vụ của người ký văn bản kết quả.")
    )
    return ResultRecord(number=number, issued_on=record.issued_on, signer_name=name, signer_position=position)
