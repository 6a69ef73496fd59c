"""Build the reception receipt (Mẫu 01) of a received dossier and render it as PDF."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.documents import ONLINE, Mode, applies_to, channel_of, mode_of
from motcua.catalogue.models import ProcedureVersion
from motcua.core.errors import InvalidTransition
from motcua.core.links import public_url
from motcua.dossiers.code_format import running_number
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.forms.data import Applicant, IssuingBody, ReceiptData, ReceivedDocument
from motcua.forms.render import render_receipt_pdf
from motcua.organisation.models import Agency


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
    """The receiving body, which issues Mẫu 01, 02 and 03."""
    return issuing_body_of(dossier.receiving_agency)


def issuing_body_of(agency: Agency) -> IssuingBody:
    """The header of a form issued by ``agency``: its governing body, its name, its locality."""
    parent = agency.parent.name if agency.parent else ""
    place = agency.admin_unit.name if agency.admin_unit else ""
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thành phố ", "Tỉnh "):
        place = place.removeprefix(prefix)
    return IssuingBody(parent_name=parent.upper(), name=agency.name.upper(), place=place)


def tracking_url(code: str) -> str:
    """The public tracking page of a dossier (printed and in the QR code of Mẫu 01)."""
    return public_url("portal:track_detail", code)


def received_documents(dossier: Dossier) -> list[ReceivedDocument]:
    """One row per document requirement the dossier holds (not per file), in the catalogue's order;
    files submitted without a requirement follow, one row each.

    A requirement is held when a file was submitted for it, when it is the e-form in the dossier's
    channel (the declaration is the form data), or when it is a paper shown for comparison: ticked
    as seen at the counter, counted as shown online (catalogue.documents).
    """
    files = (
        dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED)
        .select_related("requirement")
        .order_by("uploaded_at", "id")
    )
    with_files: set[int] = set()
    loose = []
    for doc in files:
        if doc.requirement_id is None:
            loose.append(ReceivedDocument(name=doc.original_name, form="", count=1))
        else:
            with_files.add(doc.requirement_id)
    channel = channel_of(dossier.channel)
    submitted = dossier.events.filter(action="submit").values_list("data", flat=True).first() or {}
    ticked = set(submitted.get("shown", [])) if isinstance(submitted, dict) else set()
    rows: list[ReceivedDocument] = []
    for req in dossier.procedure_version.documents.order_by("order", "id"):
        mode = mode_of(req, channel)
        applies = applies_to(req, dossier.applicant_type)
        held = (
            req.pk in with_files
            or (mode == Mode.EFORM and applies)
            or (mode == Mode.SHOW and (req.code in ticked or (channel == ONLINE and applies and req.required)))
        )
        if held:
            rows.append(ReceivedDocument(name=req.name, form=req.get_form_display(), count=req.count))
    return rows + loose


def receipt_data(dossier: Dossier) -> ReceiptData:
    """Return the data of Mẫu 01 for a received dossier."""
    if dossier.received_at is None or dossier.due_at is None:
        raise InvalidTransition(
            gettext_lazy("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận."), code="not_received_yet"
        )  # lazy: shown in the reader's language
    documents = received_documents(dossier)
    received_by = dossier.received_by
    point = dossier.receiving_point
    return ReceiptData(
        body=issuing_body(dossier),
        number=f"{running_number(dossier.code)}/TN",
        issued_at=dossier.received_at,
        dossier_code=dossier.code,
        applicant=Applicant(
            name=dossier.applicant_name,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
        ),
        request=dossier.summary or dossier.procedure_version.name,
        documents=documents,
        sets_count=dossier.sets_count,
        processing_time_text=processing_time_text(dossier),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        result_place=(point.name + (f", {point.address}" if point.address else ""))
        if point
        else dossier.receiving_agency.name,
        register_book=f"{dossier.received_at:%Y}",
        register_entry=running_number(dossier.code),
        officer_name=received_by.display_name if received_by else "",
        qr_payload=tracking_url(dossier.code),
    )


def receipt_pdf(dossier: Dossier) -> bytes:
    """Mẫu 01 as PDF, in Vietnamese whatever language the reader uses the site in."""
    with translation.override("vi"):
        return render_receipt_pdf(receipt_data(dossier))
