"""Online submission, step by step, kept as a draft between steps so it can be resumed.

Steps: 1 agency and applicant, 2 declaration (form fields), 3 documents, 4 review and submit.
Each step is checked when it is saved; ``submit_online`` checks everything again at the end,
and its errors are shown on the step they belong to.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.models import ApplicantType
from motcua.catalogue.documents import ONLINE, Mode, mode_of
from motcua.catalogue.form_schema import asked_fields, required_applicant_fields
from motcua.core.errors import DomainError, NotFound, ValidationError
from motcua.datastore import selectors as datastore_selectors
from motcua.datastore.services import store as datastore
from motcua.dossiers import selectors
from motcua.portal import drafts, postal_choice, register_prefill
from motcua.portal.conf import allowed_upload_types, max_upload_bytes
from motcua.portal.fields import applicant_from_user, applicant_inputs, declaration_inputs
from motcua.portal.models import Draft
from motcua.portal.views.common import active_procedure, citizen_required, competent_agencies, eid_level_refusal

STEPS = [(1, _("Cơ quan và chủ hồ sơ")), (2, _("Tờ khai")), (3, _("Giấy tờ")), (4, _("Kiểm tra và nộp"))]
STEP_TEMPLATES = {
    1: "portal/submit_step1.html",
    2: "portal/submit_step2.html",
    3: "portal/submit_step3.html",
    4: "portal/submit_step4.html",
}


def _draft_or_404(request: HttpRequest, draft_id: int) -> Draft | HttpResponse:
    """Return the user's draft; for a draft already submitted, a redirect to its dossier; else 404.

    After submission the draft is gone, but Back, a second tab or a repeated "Nộp hồ sơ" still use
    its URLs: they lead to the dossier made from it (its done page for the submit button itself).
    """
    try:
        return drafts.get_draft(request.user, draft_id)
    except NotFound as exc:
        dossier = drafts.submitted_dossier(request.user, draft_id)
        if dossier is None:
            raise Http404(str(exc.message)) from exc
    messages.info(
        request,
        _("Hồ sơ này đã được nộp, mã hồ sơ %(code)s. Không có hồ sơ mới nào được tạo thêm.") % {"code": dossier.code},
    )
    if request.method == "POST" and request.path.endswith("/4/"):
        return redirect("portal:submit_done", dossier.code)
    return redirect("portal:dossier", dossier.code)


def only_code(agencies: list[Any]) -> str:
    """The code of the one competent body, chosen already; empty when there are several to choose from."""
    return agencies[0].code if len(agencies) == 1 else ""


def _applicant_post(request: HttpRequest) -> dict[str, str]:
    return {k: request.POST.get(k, "").strip() for k in drafts.APPLICANT_KEYS}


@citizen_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1 of a new submission; the draft is created once this step is valid."""
    procedure = active_procedure(code)
    refusal = eid_level_refusal(request, procedure)  # a level-2 e-ID procedure
    if refusal is not None:
        return refusal
    try:
        version = drafts.online_version(procedure)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:procedure", procedure.code)
    agencies = competent_agencies(version)
    values = applicant_from_user(request.user)
    agency_code = only_code(agencies)
    errors: dict[str, str] = {}
    message = ""
    if request.method == "POST":
        values, agency_code = _applicant_post(request), request.POST.get("agency_code", "") or only_code(agencies)
        try:
            draft = drafts.draft_start(user=request.user, version=version, agency_code=agency_code, applicant=values)
        except ValidationError as exc:
            errors, message = _field_errors(exc), str(exc.message)
        else:
            return redirect("portal:draft_step", draft.pk, 2)
    existing = Draft.objects.filter(owner_id=request.user.pk, procedure_version__procedure=procedure)
    return _render_step(
        request,
        1,
        procedure=procedure,
        version=version,
        draft=None,
        extra={
            "agencies": agencies,
            "agency_code": agency_code,
            "existing": existing,
            "inputs": applicant_inputs(
                values, errors, version.applicant_types, required_applicant_fields(version.form_fields)
            ),
            "agency_error": errors.get("agency_code", ""),
            "errors": errors,
            "message": message,
        },
    )


@citizen_required
def step(request: HttpRequest, draft_id: int, number: int) -> HttpResponse:
    """Show or save step ``number`` of a draft."""
    draft = _draft_or_404(request, draft_id)
    if isinstance(draft, HttpResponse):
        return draft
    if number not in STEP_TEMPLATES:
        raise Http404
    if number > draft.step:
        return redirect("portal:draft_step", draft.pk, draft.step)
    refusal = eid_level_refusal(request, draft.procedure_version.procedure)  # a level-2 e-ID procedure
    if refusal is not None:
        return refusal
    handler = {1: _step1, 2: _step2, 3: _step3, 4: _step4}[number]
    return handler(request, draft)


def _render_step(
    request: HttpRequest,
    number: int,
    *,
    procedure: Any,
    version: Any,
    draft: Draft | None,
    extra: dict[str, Any],
    status: int = 200,
) -> HttpResponse:  # form errors re-render with 200 (browsers log 4xx as errors)
    reached = draft.step if draft else 1
    context = {
        "procedure": procedure,
        "version": version,
        "draft": draft,
        "number": number,
        "steps": [(n, label, n <= reached) for n, label in STEPS],
        "step_label": dict(STEPS)[number],
        **extra,
    }
    return render(request, STEP_TEMPLATES[number], context, status=status)


def _field_errors(exc: ValidationError) -> dict[str, str]:
    details = exc.details if isinstance(exc.details, dict) else {}
    errors = {str(k): str(v) for k, v in (details.get("fields") or {}).items()}
    if not errors and details.get("field"):
        errors[str(details["field"])] = str(exc.message)
    return errors


def _step1(request: HttpRequest, draft: Draft, exc: ValidationError | None = None) -> HttpResponse:
    version = draft.procedure_version
    values: dict[str, str] = dict(draft.applicant)
    agency_code = draft.agency.code if draft.agency else ""
    errors: dict[str, str] = _field_errors(exc) if exc else {}
    message = str(exc.message) if exc else ""
    if request.method == "POST" and exc is None:
        values, agency_code = _applicant_post(request), request.POST.get("agency_code", "")
        try:
            drafts.draft_save_applicant(draft, user=request.user, agency_code=agency_code, applicant=values)
        except ValidationError as err:
            errors, message = _field_errors(err), str(err.message)
        else:
            return redirect("portal:draft_step", draft.pk, 2)
    return _render_step(
        request,
        1,
        procedure=version.procedure,
        version=version,
        draft=draft,
        status=200,
        extra={
            "agencies": competent_agencies(version),
            "agency_code": agency_code,
            "inputs": applicant_inputs(
                values, errors, version.applicant_types, required_applicant_fields(version.form_fields)
            ),
            "agency_error": errors.get("agency_code", ""),
            "errors": errors,
            "message": message,
        },
    )


def _step2(request: HttpRequest, draft: Draft, exc: ValidationError | None = None) -> HttpResponse:
    version = draft.procedure_version
    values: dict[str, Any] = dict(draft.form_data)
    errors: dict[str, str] = _field_errors(exc) if exc else {}
    message = str(exc.message) if exc else ""
    notice: dict[str, str] | None = None
    if register_prefill.is_lookup(request) and exc is None:
        values, notice = register_prefill.handle(request, draft)
    elif request.method == "POST" and exc is None:
        values = {spec["name"]: request.POST.get(spec["name"], "") for spec in asked_fields(version.form_fields)}
        save_only = request.POST.get("action") == "save"
        try:
            drafts.draft_save_form(draft, user=request.user, form_data=values, check=not save_only)
        except ValidationError as err:
            errors, message = _field_errors(err), str(err.message)
        else:
            if save_only:
                messages.success(request, _("Đã lưu hồ sơ nháp. Bạn có thể tiếp tục sau tại trang Tài khoản."))
                return redirect("portal:account")
            return redirect("portal:draft_step", draft.pk, 3)
    return _render_step(
        request,
        2,
        procedure=version.procedure,
        version=version,
        draft=draft,
        status=200,
        extra={
            "inputs": declaration_inputs(version.form_fields, values, errors),
            "errors": errors,
            "message": message,
            "prefill": register_prefill.panel(request, draft, values, notice),
        },
    )


def _document_rows(draft: Draft, errors: dict[str, str]) -> list[dict[str, Any]]:
    files = {f.requirement_code: f for f in draft.files.all()}
    picks = datastore.picks_of_draft(draft.owner, draft.pk)
    return [
        {
            "req": r,
            "file": files.get(r.code),
            "error": errors.get(r.code, ""),
            "id": f"doc-{r.code}",
            "picked": picks.get(r.code),
            "store": datastore_selectors.usable_items(draft.owner, r.code) if mode_of(r, ONLINE) == Mode.UPLOAD else [],
        }
        for r in drafts.applicable_documents(draft.procedure_version, draft.applicant.get("type", ""))
    ]


def _step3(request: HttpRequest, draft: Draft, exc: ValidationError | None = None) -> HttpResponse:
    version = draft.procedure_version
    errors: dict[str, str] = {}
    message = ""
    if exc is not None:
        details = exc.details if isinstance(exc.details, dict) else {}
        errors = {str(k): str(v) for k, v in (details.get("documents") or {}).items()}
        if details.get("field"):
            errors[str(details["field"])] = str(exc.message)
        message = str(exc.message)
    elif request.method == "POST":
        for req in drafts.applicable_documents(version, draft.applicant.get("type", "")):
            upload = request.FILES.get(f"doc-{req.code}")
            picked = request.POST.get(f"store-{req.code}", "")
            try:
                if upload is not None:
                    drafts.draft_attach(draft, user=request.user, requirement_code=req.code, upload=upload)
                elif picked.isdigit():  # Lấy từ kho dữ liệu: a stored item instead of an upload
                    drafts.draft_take_from_store(
                        draft, user=request.user, requirement_code=req.code, item_id=int(picked)
                    )
            except NotFound as err:
                errors[req.code] = str(err.message)
            except ValidationError as err:
                errors[req.code] = str(err.message)
        if errors:
            message = _("Một số tệp không được chấp nhận.")
        elif request.POST.get("action") == "save":
            messages.success(request, _("Đã lưu hồ sơ nháp. Bạn có thể tiếp tục sau tại trang Tài khoản."))
            return redirect("portal:account")
        else:
            try:
                drafts.draft_documents_done(draft, user=request.user)
            except ValidationError as err:
                errors = {str(k): str(v) for k, v in err.details.get("documents", {}).items()}
                message = str(err.message)
            else:
                return redirect("portal:draft_step", draft.pk, 4)
    return _render_step(
        request,
        3,
        procedure=version.procedure,
        version=version,
        draft=draft,
        status=200,
        extra={
            "rows": _document_rows(draft, errors),
            "errors": errors,
            "message": message,
            "not_uploaded": drafts.documents_not_uploaded(version, draft.applicant.get("type", "")),
            "max_bytes": max_upload_bytes(),
            "accept_types": ",".join(allowed_upload_types()),
            "max_mb": max_upload_bytes() // (1024 * 1024),
        },
    )


def _step4(request: HttpRequest, draft: Draft) -> HttpResponse:
    version = draft.procedure_version
    choice = postal_choice.initial(draft)
    postal_errors: dict[str, str] = {}
    if request.method == "POST":
        choice = postal_choice.read(request.POST, draft)
        try:
            dossier = postal_choice.submit(draft, user=request.user, choice=choice)
        except ValidationError as exc:
            if exc.code != "invalid_postal_address":
                return _route_submit_error(request, draft, exc)
            postal_errors = postal_choice.field_errors(exc)
            messages.error(request, str(exc.message))
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("portal:draft_step", draft.pk, 4)
        else:
            return redirect("portal:submit_done", dossier.code)
    type_label = dict(ApplicantType.choices).get(draft.applicant.get("type", ""), "")
    values = draft.form_data
    answers = []
    for spec in asked_fields(version.form_fields):
        value = values.get(spec["name"], "")
        if spec["type"] == "checkbox":
            value = _("Có") if str(value).lower() in ("on", "true", "1") else _("Không")
        answers.append((spec["label"], value))
    return _render_step(
        request,
        4,
        procedure=version.procedure,
        version=version,
        draft=draft,
        extra={
            "type_label": type_label,
            "answers": answers,
            "rows": _document_rows(draft, {}),
            "not_uploaded": drafts.documents_not_uploaded(version, draft.applicant.get("type", "")),
            **postal_choice.context(draft, choice, postal_errors),
        },
    )


def _route_submit_error(request: HttpRequest, draft: Draft, exc: ValidationError) -> HttpResponse:
    """Show a submission error on the step it belongs to (the page stays at the review URL's POST)."""
    request.method = "GET"  # render the step, do not save it again
    if exc.code in ("invalid_applicant", "applicant_type_not_allowed", "agency_not_competent", "unknown_agency"):
        if exc.code == "applicant_type_not_allowed":
            exc = ValidationError(exc.message, code=exc.code, details={"fields": {"type": str(exc.message)}})
        elif exc.code in ("agency_not_competent", "unknown_agency"):
            exc = ValidationError(exc.message, code=exc.code, details={"fields": {"agency_code": str(exc.message)}})
        return _step1(request, draft, exc)
    if exc.code == "invalid_form_data":
        return _step2(request, draft, exc)
    if exc.code in ("invalid_documents", "file_too_large", "file_type_not_allowed", "empty_file"):
        return _step3(request, draft, exc)
    messages.error(request, str(exc.message))
    return redirect("portal:draft_step", draft.pk, 4)


@citizen_required
def remove_file(request: HttpRequest, draft_id: int, requirement: str) -> HttpResponse:
    draft = _draft_or_404(request, draft_id)
    if isinstance(draft, HttpResponse):
        return draft
    if request.method != "POST":
        return redirect("portal:draft_step", draft.pk, 3)
    drafts.draft_remove_file(draft, user=request.user, requirement_code=requirement)
    messages.success(request, _("Đã xóa tệp."))
    return redirect("portal:draft_step", draft.pk, 3)


@citizen_required
def delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Xóa hồ sơ nháp: GET asks for confirmation, POST deletes."""
    draft = _draft_or_404(request, draft_id)
    if isinstance(draft, HttpResponse):
        return draft
    if request.method == "POST":
        drafts.draft_delete(draft, user=request.user)
        messages.success(request, _("Đã xóa hồ sơ nháp."))
        return redirect("portal:account")
    return render(request, "portal/draft_delete.html", {"draft": draft})


@citizen_required
def done(request: HttpRequest, code: str) -> HttpResponse:
    """Confirmation after submission: the code, and where to follow the dossier."""
    try:
        dossier = selectors.get_visible(request.user, code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if dossier.applicant_id != request.user.pk:
        raise Http404
    return render(request, "portal/submit_done.html", {"dossier": dossier})
