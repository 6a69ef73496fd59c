"""Build Mẫu 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả) of an extended dossier and render it.

Decree 61/2018 art. 19 (Decree 118/2025/NĐ-CP keeps the rule; its article to be checked in legal
review): a dossier that will be late gets, before its due date, a written apology stating the
reason and the one new date, signed by the head of the body. The data come from the ``extend``
history line, so the form reads the same however often it is printed. Like ``receipt.py``: the
forms app takes frozen dataclasses and returns PDF bytes; the form is always in Vietnamese.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import translation

from motcua.core.errors import not_found
from motcua.dossiers.code_format import running_number
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.receipt import issuing_body_of
from motcua.forms.data import ApologyData, Applicant
from motcua.forms.render import render_apology_pdf
from motcua.organisation.models import Role


def position_of(event: DossierEvent) -> str:
    """The position (chức danh) an official acted in: their title, else the role they acted in."""
    title = getattr(event.actor, "title", "") if event.actor_id else ""
    if title:
        return str(title)
    try:
        return str(Role(event.actor_role).label)
    except ValueError:
        return ""


def extension_event(dossier: Dossier) -> DossierEvent | None:
    return dossier.events.filter(action="extend").select_related("actor", "agency").order_by("at", "id").last()


def _moment(value: Any, fallback: datetime | None) -> datetime | None:
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return fallback
    return fallback


def apology_data(dossier: Dossier) -> ApologyData:
    """Return Mẫu 04 for a dossier whose due date was extended (its one extension); 404 otherwise.

    The dates are the extension's own: the due date given before it and the new one.
    """
    event = extension_event(dossier)
    if event is None or dossier.received_at is None:
        raise not_found("apology")
    data = event.data or {}
    old_due = _moment(data.get("old_due_at"), dossier.original_due_at)
    new_due = _moment(data.get("new_due_at"), dossier.due_at)
    if old_due is None or new_due is None:
        raise not_found("apology")
    agency = event.agency or dossier.handling_agency
    organisation = dossier.applicant_type not in ("", "citizen")
    return ApologyData(
        body=issuing_body_of(agency),
        body_label=agency.name,
        number=running_number(dossier.code),
        issued_at=event.at,
        dossier_code=dossier.code,
        applicant=Applicant(
            name=dossier.applicant_name,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
        ),
        request=dossier.summary or dossier.procedure_version.name,
        received_at=dossier.received_at,
        due_at=old_due,
        reason=event.note or dossier.extension_reason,
        new_due_at=new_due,
        signer_name=event.actor_name,
        signer_position=position_of(event),
        addressee="Tổ chức" if organisation else "Ông/Bà",
    )


def apology_pdf(dossier: Dossier) -> bytes:
    with translation.override("vi"):
        return render_apology_pdf(apology_data(dossier))
