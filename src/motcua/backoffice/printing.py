"""Build the data of Mẫu 02 (supplement request) and Mẫu 03 (refusal) from a dossier.

Like ``dossiers/receipt.py`` does for Mẫu 01: the forms app takes frozen dataclasses and returns
PDF bytes; this module reads the dossier and its history (Circular 01/2018/TT-VPCP, annex). The
forms are legal documents in Vietnamese, whatever language the official reads the site in.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.errors import not_found
from motcua.dossiers.apology import position_of
from motcua.dossiers.code_format import running_number
from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.receipt import issuing_body
from motcua.dossiers.statuses import Status
from motcua.forms.data import (
    Applicant,
    RefusalData,
    SupplementItem,
    SupplementRequestData,
)
from motcua.forms.render import (
    render_refusal_pdf,
    render_supplement_request_pdf,
)

REFUSAL_ACTIONS = ("refuse_reception", "refuse", "refuse_step")


def _applicant(dossier: Dossier) -> Applicant:
    return Applicant(
        name=dossier.applicant_name,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
    )


def _entry(dossier: Dossier) -> str:
    return running_number(dossier.code)


def latest_supplement_request(dossier: Dossier) -> SupplementRequest | None:
    return (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by")
        .order_by("requested_at", "id")
        .last()
    )


def supplement_request_data(dossier: Dossier, request: SupplementRequest | None = None) -> SupplementRequestData:
    """Return Mẫu 02 for the dossier's latest (or the given) supplement request; 404 when none."""
    request = request or latest_supplement_request(dossier)
    if request is None:
        raise not_found("supplement_request")
    rounds = SupplementRequest.objects.filter(dossier=dossier, requested_at__lte=request.requested_at).count()
    number = _entry(dossier) if rounds <= 1 else f"{_entry(dossier)}.{rounds}"
    officer = request.requested_by
    agency = dossier.receiving_agency
    contact_parts = [officer.display_name]
    phone = agency.phone or getattr(officer, "phone", "")
    if phone:
        contact_parts.append(_("số điện thoại %(phone)s") % {"phone": phone})
    point = dossier.receiving_point
    if point is not None:
        contact_parts.append(point.name)
    return SupplementRequestData(
        body=issuing_body(dossier),
        number=number,
        issued_at=request.requested_at,
        dossier_code=dossier.code,
        applicant=_applicant(dossier),
        request=dossier.summary or dossier.procedure_version.name,
        items=[SupplementItem(name=item.get("name", ""), reason=item.get("reason", "")) for item in request.items],
        contact=", ".join(contact_parts),
        officer_name=officer.display_name,
    )


def refusal_event(dossier: Dossier) -> DossierEvent | None:
    return (
        dossier.events.filter(action__in=REFUSAL_ACTIONS).select_related("actor", "agency").order_by("at", "id").last()
    )


def refusal_data(dossier: Dossier) -> RefusalData:
    """Return Mẫu 03 for a dossier refused at reception or after review; 404 otherwise."""
    event = refusal_event(dossier)
    if event is None or dossier.status not in (Status.NOT_RECEIVED, Status.REFUSED, Status.RETURNED):
        raise not_found("refusal")
    text = (event.data or {}).get("reasons") or event.note or dossier.decision_note
    reasons = [line.strip(" -•\t") for line in str(text).splitlines() if line.strip(" -•\t")]
    at_reception = event.action == "refuse_reception"
    position = position_of(event)
    return RefusalData(
        body=issuing_body(dossier),
        number=_entry(dossier),
        issued_at=event.at,
        dossier_code=dossier.code,
        applicant=_applicant(dossier),
        request=dossier.summary or dossier.procedure_version.name,
        reasons=reasons,
        officer_name=event.actor_name,
        # Refused at the counter: the reception officer signs as such; refused after review or at a
        # step: the official who refused signs under their position, with their body.
        signature_title="NGƯỜI TIẾP NHẬN HỒ SƠ" if at_reception else (position.upper() or "NGƯỜI TỪ CHỐI"),
        officer_position=position if at_reception else "",
        officer_body=event.agency.name if event.agency else "",
    )


def supplement_request_pdf(dossier: Dossier) -> bytes:
    with translation.override("vi"):
        return render_supplement_request_pdf(supplement_request_data(dossier))


def refusal_pdf(dossier: Dossier) -> bytes:
    with translation.override("vi"):
        return render_refusal_pdf(refusal_data(dossier))
