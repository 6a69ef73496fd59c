from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from motcua.api import present
from motcua.api.paging import Paging
from motcua.api.schemas import (
    DigitisationIn,
    DocumentOut,
    DossierActionIn,
    DossierCreateIn,
    DossierOut,
    DossierSummary,
    ErrorOut,
    EventOut,
    ResultRecordIn,
)
from motcua.core.actor import Actor
from motcua.core.errors import ValidationError, not_found
from motcua.datastore.services import store as datastore
from motcua.dossiers import notes, selectors
from motcua.dossiers.apology import apology_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.receipt import receipt_pdf
from motcua.dossiers.services import actions
from motcua.dossiers.services import digitisation as digitisation_services
from motcua.dossiers.services import documents as document_services
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.results import ResultRecord
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter
from motcua.dossiers.statuses import INTERNAL_EVENTS, Channel

router = Router(tags=["dossiers"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def actor_of(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel=getattr(request, "motcua_channel", "web"))


def _parse_create(payload: str) -> DossierCreateIn:
    try:
        return DossierCreateIn.model_validate_json(payload)
    except PydanticValidationError as exc:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        raise ValidationError(
            _("Dữ liệu hồ sơ không hợp lệ."), code="validation_error", details={"errors": errors}
        ) from None


def _submission(body: DossierCreateIn, user: Any) -> SubmissionInput:
    if body.applicant is not None:
        applicant = ApplicantData(**body.applicant.model_dump())
    elif getattr(user, "personal_id", None):
        applicant = ApplicantData(
            type="citizen",
            name=user.display_name,
            id_number=user.personal_id or "",
            phone=user.phone,
            email=user.email,
            address=user.address,
        )
    else:
        raise ValidationError(
            _("Vui lòng nhập thông tin chủ hồ sơ."), code="applicant_missing", details={"field": "applicant"}
        )
    return SubmissionInput(
        procedure_code=body.procedure_code,
        agency_code=body.agency_code,
        applicant=applicant,
        form_data=body.form_data,
        summary=body.summary,
        sets_count=body.sets_count,
        shown=tuple(body.shown),
    )


def _files(body: DossierCreateIn, files: list[UploadedFile] | None) -> dict[str, list[Any]]:
    files = files or []
    if len(body.documents) != len(files):
        raise ValidationError(
            _("Số tệp tải lên không khớp danh sách thành phần hồ sơ."),
            code="documents_mismatch",
            details={"documents": len(body.documents), "files": len(files)},
        )
    grouped: dict[str, list[Any]] = {}
    for code, f in zip(body.documents, files, strict=True):
        grouped.setdefault(code, []).append(f)
    return grouped


def _detail(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    fresh = selectors.get_visible(request.user, dossier.code)
    return present.dossier_detail(fresh, request.user)


def _created_detail(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    # The submitter sees what they just created (own dossier, or their agency's): no visibility query.
    # The service returns the dossier as stored, with its procedure and agencies loaded: no re-read.
    return present.dossier_detail(dossier, request.user)


@router.post("/dossiers", response={201: DossierOut, **ERRORS}, summary="Submit a dossier online (multipart)")
def create_dossier(request: HttpRequest, payload: Form[str], files: File[list[UploadedFile]] = None) -> Any:  # type: ignore[assignment]
    """``payload`` is the JSON of DossierCreateIn; ``files`` are the documents, one per entry of
    ``payload.documents`` (the requirement code of each file, in the same order)."""
    body = _parse_create(payload)
    dossier = datastore.submit_online_with_store(  # ``from_store``: papers taken from the applicant's data store
        actor=actor_of(request), data=_submission(body, request.user), files=_files(body, files), picks=body.from_store
    )
    return Status(201, _created_detail(request, dossier))


@router.post(
    "/counter/dossiers",
    response={201: DossierOut, **ERRORS},
    summary="Receive a dossier at the counter or by post (reception officer)",
)
def create_counter_dossier(request: HttpRequest, payload: Form[str], files: File[list[UploadedFile]] = None) -> Any:  # type: ignore[assignment]
    body = _parse_create(payload)
    if body.applicant is None:
        raise ValidationError(
            _("Vui lòng nhập thông tin chủ hồ sơ."), code="applicant_missing", details={"field": "applicant"}
        )
    actor = Actor(user=request.user, channel="counter", on_behalf_of=body.applicant.name)
    dossier = submit_at_counter(
        actor=actor,
        data=_submission(body, request.user),
        files=_files(body, files),
        channel=body.channel or Channel.IN_PERSON,
    )
    return Status(201, _created_detail(request, dossier))


@router.get("/dossiers/mine", response=list[DossierSummary], summary="The logged-in applicant's dossiers")
@paginate(Paging)
def my_dossiers(request: HttpRequest) -> Any:
    user: Any = request.user
    qs = (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure_version__procedure", "handling_agency")
        .order_by("-submitted_at")
    )
    return present.Mapped(qs, present.dossier_summary)


@router.get("/dossiers/{code}", response={200: DossierOut, **ERRORS})
def dossier_detail(request: HttpRequest, code: str) -> Any:
    return present.dossier_detail(selectors.get_visible(request.user, code), request.user)


@router.get("/dossiers/{code}/history", response={200: list[EventOut], **ERRORS})
def dossier_history(request: HttpRequest, code: str) -> Any:
    dossier = selectors.get_visible(request.user, code)
    official = getattr(request.user, "kind", "") == "official"  # applicants see neither reminders nor internal notes
    return [
        present.event(e, official=official)
        for e in selectors.history(dossier)
        if official or e.action not in INTERNAL_EVENTS
    ]


@router.get("/dossiers/{code}/receipt.pdf", response={200: None, **ERRORS}, summary="Reception receipt, Mẫu 01 (PDF)")
def dossier_receipt(request: HttpRequest, code: str) -> Any:
    dossier = selectors.get_visible(request.user, code)
    response = HttpResponse(receipt_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response


@router.get(
    "/dossiers/{code}/apology.pdf", response={200: None, **ERRORS}, summary="Apology and new due date, Mẫu 04 (PDF)"
)
def dossier_apology(request: HttpRequest, code: str) -> Any:
    """The apology and new due date of an extended dossier; 404 when it was not extended."""
    dossier = selectors.get_visible(request.user, code)
    response = HttpResponse(apology_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-xin-loi-{dossier.code}.pdf"'
    return response


@router.post(
    "/dossiers/{code}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Upload a supplement, result or attachment file",
)
def upload_document(
    request: HttpRequest, code: str, kind: Form[str], file: File[UploadedFile], requirement: Form[str] = ""
) -> Any:
    dossier = selectors.get_visible(request.user, code)
    doc = document_services.upload_document(
        dossier.pk, actor=actor_of(request), kind=kind, upload=file, requirement_code=requirement
    )
    return Status(201, present.document(doc))


@router.get("/dossiers/{code}/documents/{doc_id}", response={200: None, **ERRORS})
def download_document(request: HttpRequest, code: str, doc_id: int) -> Any:
    dossier = selectors.get_visible(request.user, code)
    doc = dossier.documents.filter(pk=doc_id).first()
    if doc is None:
        raise not_found("document")
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{doc.original_name}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/dossiers/{code}/documents/{doc_id}/digitisation",
    response={201: DocumentOut, **ERRORS},
    summary="Digitise a paper document of the dossier: its type, number, issuing body, dates (reception officer)",
)
def digitise_document(request: HttpRequest, code: str, doc_id: int, body: DigitisationIn) -> Any:
    """Số hóa: only the one-stop desk (reception role) of the receiving body, while the dossier is open, for a
    paper submitted at the counter or by post; ``document_type`` is a code of the document-type list."""
    dossier = selectors.get_visible(request.user, code)
    doc = dossier.documents.filter(pk=doc_id).first()
    if doc is None:
        raise not_found("document")
    record = digitisation_services.digitise(
        doc.pk, digitisation_services.DigitisationInput(**body.model_dump()), actor=actor_of(request)
    )
    return Status(201, present.document(record.document, official=True))


def record_of(body: ResultRecordIn | None) -> ResultRecord | None:
    if body is None:
        return None
    return ResultRecord(
        number=body.number, issued_on=body.date, signer_name=body.signer_name, signer_position=body.signer_position
    )


# The actions of the registry (dossiers/services/actions.py) this API offers, in this order.
ACTIONS = (
    "receive",
    "request_supplement",
    "supplement",
    "refuse_reception",
    "forward",
    "assign",
    "approve",
    "refuse",
    "issue_result",
    "return_result",
    "withdraw",
    "stop",
    "extend",
)


def action_input(action: str, body: DossierActionIn) -> dict[str, Any]:
    """The registry's input fields from the request body. ``withdraw`` reads its reason from the
    note first, ``stop`` and ``extend`` from ``reasons`` first (the API's contract)."""
    reason = (body.note or body.reasons) if action == "withdraw" else (body.reasons or body.note)
    return {
        "version": body.version,
        "note": body.note,
        "reasons": body.reasons,
        "reason": reason,
        "items": [i.model_dump() for i in body.items],
        "to_agency": body.to_agency,
        "assignee": body.assignee,
        "new_due_at": body.new_due_at,
        "record": record_of(body.result),
    }


@router.post(
    "/dossiers/{code}/actions/{action}",
    response={200: DossierOut, **ERRORS},
    summary="Apply a lifecycle action: " + ", ".join(ACTIONS),
)
def dossier_action(request: HttpRequest, code: str, action: str, body: DossierActionIn) -> Any:
    """Send ``version`` (from the dossier you saw) so a concurrent change gives 409, not a surprise."""
    dossier = selectors.get_visible(request.user, code)
    if action not in ACTIONS:
        raise not_found("action")
    registered = actions.ACTIONS[action]
    actor = replace(actor_of(request), note_visibility=notes.visibility_of_choice(body.note_to_applicant))
    registered.run(dossier.pk, registered.build(action_input(action, body)), actor)
    return _detail(request, dossier)
