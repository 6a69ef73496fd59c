"""Mẫu 06 - Sổ theo dõi hồ sơ: which bodies an official may keep the register of, and its rows.

The register lists the dossiers a body received (its one-stop desk's book) on the days of a
period, in the order received. Like ``printing.py`` does for Mẫu 02 and 03: the forms app takes
frozen dataclasses and returns the bytes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import translation

from motcua.core import clock
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.receipt import issuing_body_of
from motcua.dossiers.statuses import Channel, Status
from motcua.forms.register import (
    RegisterData,
    RegisterRow,
    render_register_pdf,
    render_register_xlsx,
)
from motcua.organisation.models import Agency
from motcua.organisation.permissions import agencies_of

# Who keeps the register: the one-stop desk's reception officers and the body's heads.
REGISTER_ROLES = {"reception", "head"}
# Beyond these, a PDF takes too long to typeset on one request; the workbook has no such limit.
MAX_PDF_ROWS = 1000
MAX_XLSX_ROWS = 50_000

COLLECTED = {
    Channel.IN_PERSON: "Trực tiếp",
    Channel.POSTAL: "Qua dịch vụ bưu chính công ích",
    Channel.ONLINE: "Trực tuyến",
}
REFUSALS = ("refuse", "refuse_step")


def register_agencies(user: Any) -> list[Agency]:
    """The bodies whose register ``user`` may open (reception officer or head there), by code."""
    return list(Agency.objects.filter(pk__in=agencies_of(user, REGISTER_ROLES)).order_by("code"))


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = datetime.combine(date_from, time.min, tzinfo=clock.VN_TZ)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=clock.VN_TZ)


def received_in(agency: Agency, date_from: date, date_to: date) -> Any:
    """The dossiers ``agency`` received on the days ``date_from`` … ``date_to`` (Vietnam time)."""
    start, end = _bounds(date_from, date_to)
    return Dossier.objects.filter(receiving_agency=agency, received_at__gte=start, received_at__lt=end)


def _day(value: Any) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        return f"{datetime.fromisoformat(value).astimezone(clock.VN_TZ):%d/%m/%Y}"
    except ValueError:
        return ""


def _note(d: Dossier, refused: set[int], extensions: dict[int, str]) -> str:
    """What the register's note says: an extension, how the dossier ended or where it stands."""
    parts = []
    if d.pk in extensions:
        first = extensions[d.pk]
        parts.append(f"Đã xin lỗi, hẹn lại ngày trả (Mẫu 04){'; hẹn ban đầu ' + first if first else ''}")
    if d.status == Status.RETURNED:
        if d.pk in refused:
            parts.append(str(Status.REFUSED.label))
        elif d.timeliness:
            parts.append(str(d.get_timeliness_display()))
    else:
        parts.append(str(d.get_status_display()))
    return "; ".join(parts)


def register_data(agency: Agency, date_from: date, date_to: date) -> RegisterData:
    """Return Mẫu 06 of ``agency`` for the period; the caller has checked the official may see it."""
    with translation.override("vi"):
        dossiers = list(
            received_in(agency, date_from, date_to)
            .select_related("procedure_version", "handling_agency")
            .order_by("received_at", "code")
        )
        ids = [d.pk for d in dossiers]
        refused = set(
            DossierEvent.objects.filter(dossier_id__in=ids, action__in=REFUSALS).values_list("dossier_id", flat=True)
        )
        extensions = {
            dossier_id: _day((data or {}).get("old_due_at"))
            for dossier_id, data in DossierEvent.objects.filter(dossier_id__in=ids, action="extend").values_list(
                "dossier_id", "data"
            )
        }
        rows = []
        for d in dossiers:
            assert d.received_at is not None
            rows.append(
                RegisterRow(
                    dossier_code=d.code,
                    procedure=d.procedure_version.name,
                    sets_count=d.sets_count,
                    applicant_name=d.applicant_name,
                    address=d.applicant_address,
                    phone=d.applicant_phone,
                    handling_body=d.handling_agency.name,
                    received_at=d.received_at,
                    due_at=d.due_at,
                    returned_at=d.returned_at,
                    collected=COLLECTED.get(Channel(d.channel), "") if d.returned_at is not None else "",
                    note=_note(d, refused, extensions),
                )
            )
        return RegisterData(
            body=issuing_body_of(agency),
            body_label=agency.name,
            date_from=date_from,
            date_to=date_to,
            issued_at=clock.now(),
            rows=rows,
        )


def register_pdf(agency: Agency, date_from: date, date_to: date) -> bytes:
    return render_register_pdf(register_data(agency, date_from, date_to))


def register_xlsx(agency: Agency, date_from: date, date_to: date) -> bytes:
    return render_register_xlsx(register_data(agency, date_from, date_to))
