"""Build the reception receipt (Mẫu 01) of a received dossier and render it as PDF."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.catalogue.models import ProcedureVersion
from motcua.core.errors import InvalidTransition
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.forms.data import Applicant, IssuingBody, ReceiptData, ReceivedDocument
from motcua.forms.render import render_receipt_pdf


def processing_time_text(dossier: Dossier) -> str:
    return processing_time_text_for(dossier.procedure_version)


def processing_time_text_for(version: ProcedureVersion) -> str:
    """Return the legal processing time as printed, e.g. "05 ngày làm việc", "Trong ngày"."""
    amount = version.time_amount.normalize()
    unit = version.get_time_unit_display()
    if amount == 0:
        return _("Trong ngày")
    text = f"{int(amount):02d}" if amount == amount.to_integral() else f"{amount}".replace(".", ",")
    return f"{text} {unit}"


def issuing_body(dossier: Dossier) -> IssuingBody:
    agency = dossier.receiving_agency
    parent = agency.parent.name if agency.parent else ""
    place = agency.admin_unit.name if agency.admin_unit else ""
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thành phố ", "Tỉnh "):
        place = place.removeprefix(prefix)
    return IssuingBody(parent_name=parent.upper(), name=agency.name.upper(), place=place)


def receipt_data(dossier: Dossier) -> ReceiptData:
    """Return the data of Mẫu 01 for a received dossier."""
    if dossier.received_at is None or dossier.due_at is None:
        raise InvalidTransition(_("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận."), code="not_received_yet")
    documents = []
    for doc in dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED).select_related("requirement"):
        req = doc.requirement
        documents.append(ReceivedDocument(name=req.name if req else doc.original_name,
                                          form=req.get_form_display() if req else "", count=req.count if req else 1))
    received_by = dossier.received_by
    point = dossier.receiving_point
    return ReceiptData(
        body=issuing_body(dossier),
        number=f"{dossier.code.rsplit('-', 1)[-1]}/TN",
        issued_at=dossier.received_at,
        dossier_code=dossier.code,
        applicant=Applicant(name=dossier.applicant_name, address=dossier.applicant_address,
                            phone=dossier.applicant_phone, email=dossier.applicant_email),
        request=dossier.summary or dossier.procedure_version.name,
        documents=documents,
        sets_count=dossier.sets_count,
        processing_time_text=processing_time_text(dossier),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        result_place=(point.name + (f", {point.address}" if point.address else "")) if point else dossier.receiving_agency.name,
        register_book=f"{dossier.received_at:%Y}",
        register_entry=dossier.code.rsplit("-", 1)[-1],
        officer_name=received_by.display_name if received_by else "",
        qr_payload=f"{settings.MOTCUA_PUBLIC_URL}/api/v1/track/{dossier.code}",
    )


def receipt_pdf(dossier: Dossier) -> bytes:
    return render_receipt_pdf(receipt_data(dossier))
