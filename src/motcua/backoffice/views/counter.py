"""Counter intake (tiếp nhận hồ sơ trực tiếp / qua bưu chính) for walk-in applicants.

Decree 61/2018 art. 16-17: the officer checks the papers, scans them, and receives the dossier at
once; the receipt (Mẫu 01) is printed for the applicant.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.backoffice import register_prefill
from motcua.backoffice.access import official_required
from motcua.backoffice.forms.counter import FORM_PREFIX, IntakeForm
from motcua.catalogue.competence import procedures_of_agencies
from motcua.catalogue.documents import COUNTER, Mode, mode_of
from motcua.catalogue.models import Procedure
from motcua.catalogue.search import search_procedures
from motcua.core.actor import Actor
from motcua.core.errors import NotFound, ValidationError
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.datastore.services import store as datastore
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services.applicant_lookup import KnownApplicant, lookup_applicant
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.digitisation import DigitisationInput, digitise
from motcua.dossiers.services.submission import SubmissionInput, can_receive
from motcua.organisation.models import Agency
from motcua.organisation.permissions import agencies_of
from motcua.postal import selectors as postal_selectors
from motcua.postal import services as postal
from motcua.postal.views import address_from
from motcua.registers import services as registers_services

MAX_RESULTS = 20
APPLICANT_FIELDS = {"type", "name", "id_number", "phone", "email", "address"}
POSTAL_KEYS = ("post_name", "post_phone", "post_province", "post_commune", "post_street")


def reception_agencies(user: Any) -> list[Agency]:
    return list(Agency.objects.filter(pk__in=agencies_of(user, {"reception"})).order_by("code"))


def _require_reception(request: HttpRequest) -> list[Agency]:
    agencies = reception_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    return agencies


def receivable(agencies: list[Agency], query: str) -> list[Procedure]:
    """The procedures matching ``query`` (catalogue.search) that one of ``agencies`` receives."""
    return list(procedures_of_agencies(search_procedures(query), agencies)[:MAX_RESULTS])


@official_required
def procedure_search(request: HttpRequest) -> HttpResponse:
    """htmx: the procedures of the officer's desks matching the query, accent-insensitive."""
    results = receivable(_require_reception(request), request.GET.get("q", ""))
    return render(request, "backoffice/_procedure_results.html", {"results": results, "q": request.GET.get("q", "")})


def _apply_error(form: IntakeForm, exc: ValidationError) -> None:
    """Show the service's error beside the fields it names, and its message above the form."""
    details = exc.details if isinstance(exc.details, dict) else {}
    name: str | None
    if exc.code == "invalid_applicant":
        for key, message in (details.get("fields") or {}).items():
            if key in APPLICANT_FIELDS:
                form.add_error(f"applicant_{key}", message)
    elif exc.code == "invalid_form_data":
        for key, message in (details.get("fields") or {}).items():
            name = FORM_PREFIX + str(key)
            if name in form.fields:
                form.add_error(name, message)
    elif exc.code == "invalid_documents":
        for code, message in (details.get("documents") or {}).items():
            name = form.field_for_requirement(str(code))
            if name:
                form.add_error(name, message)
    else:
        field = str(details.get("field") or "")
        name = {"agency_code": "agency", "applicant.type": "applicant_type"}.get(field)
        name = name or form.field_for_requirement(field)
        if exc.code == "invalid_sets_count":
            name = "sets_count"
        if name and name in form.fields:
            form.add_error(name, str(exc.message))
    form.add_error(None, str(exc.message))


@official_required
def counter(request: HttpRequest) -> HttpResponse:
    """Step 1: find the procedure. Step 2 (``?thu_tuc=``): the intake form, then the receipt."""
    agencies = _require_reception(request)
    code = request.GET.get("thu_tuc", "").strip()
    procedure = (
        Procedure.objects.select_related("current_version").filter(code=code, active=True).first() if code else None
    )
    if procedure is None or procedure.current_version is None:
        results = receivable(agencies, request.GET.get("q", ""))
        return render(
            request,
            "backoffice/counter_search.html",
            {"results": results, "q": request.GET.get("q", ""), "unknown": bool(code), "section": "counter"},
        )
    version = procedure.current_version
    competent = [a for a in agencies if can_receive(version, a)]
    if request.method == "POST" and request.POST.get("lookup"):
        if not competent:
            raise PermissionDenied
        return _lookup(request, procedure, competent, agencies)
    if request.method == "POST" and request.POST.get("register_lookup"):
        if not competent:
            raise PermissionDenied
        initial, panel = register_prefill.handle(request, procedure)
        return render(
            request,
            "backoffice/counter_form.html",
            {
                "form": IntakeForm(initial=initial, version=version, agencies=competent),
                "procedure": procedure,
                "version": version,
                "competent": competent,
                "section": "counter",
                "register_panel": panel,
                **_postal_context(request, competent, {}),
            },
        )
    form = IntakeForm(request.POST or None, request.FILES or None, version=version, agencies=competent)
    store_owner = _offer_store(request, form, competent)
    status = 200
    postal_errors: dict[str, str] = {}
    if request.method == "POST":
        if not competent:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            applicant = ApplicantData(
                type=data["applicant_type"],
                name=data["applicant_name"],
                id_number=data["applicant_id_number"],
                phone=data["applicant_phone"],
                email=data["applicant_email"],
                address=data["applicant_address"],
            )
            actor = Actor(user=request.user, channel="counter", on_behalf_of=applicant.name)
            address = _postal_address(request, applicant)
            try:
                if address is not None:
                    postal.clean_address(address)  # before anything is written
                with transaction.atomic():  # the verified fields and the order are stored with the dossier, or none
                    # Papers taken from the applicant's data store (logged reads) stand for their scans.
                    dossier = datastore.submit_at_counter_with_store(
                        actor=actor,
                        channel=data["channel"],
                        files=form.files_by_requirement(),
                        picks=form.store_picks(),
                        applicant_user=store_owner if form.store_picks() else None,
                        data=SubmissionInput(
                            procedure_code=procedure.code,
                            agency_code=data["agency"],
                            applicant=applicant,
                            form_data=form.form_data(),
                            sets_count=data["sets_count"],
                            shown=form.shown(),
                        ),
                    )
                    _digitise_papers(dossier, form.digitisations(), Actor(user=request.user, channel="counter"))
                    if address is not None:  # Trả kết quả qua bưu chính: the order waits for the result
                        postal.request_order(dossier.pk, direction="delivery", address=address, actor=actor)
                    registers_services.attach_verified(
                        dossier, actor=request.user, lookup_ids=register_prefill.lookup_ids(request)
                    )
            except (DomainPermissionDenied, NotFound):
                raise PermissionDenied from None
            except ValidationError as exc:
                if exc.code == "invalid_postal_address":
                    postal_errors = _postal_field_errors(exc)
                    form.add_error(None, str(exc.message))
                else:
                    _apply_error(form, exc)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                target = reverse("backoffice:dossier", args=[dossier.code]) + "?" + urlencode({"in": "mau-01"})
                return redirect(target)
        status = 422
    return render(
        request,
        "backoffice/counter_form.html",
        {
            "form": form,
            "procedure": procedure,
            "version": version,
            "competent": competent,
            "section": "counter",
            **_postal_context(request, competent, postal_errors),
            "register_panel": {"lookup_id": register_prefill.lookup_ids(request)[0]}
            if register_prefill.lookup_ids(request)
            else {},
        },
        status=status,
    )


def _digitise_papers(dossier: Any, metadata: dict[str, DigitisationInput], actor: Actor) -> None:
    """Số hóa at reception: record the metadata of each paper scanned with the intake (Decree 45/2020,
    Circular 01/2023/TT-VPCP), in the intake's transaction, each with its history line."""
    if not metadata:
        return
    papers = dossier.documents.filter(kind=DossierDocument.Kind.SUBMITTED).select_related("requirement")
    for doc in papers:
        data = metadata.get(doc.requirement.code if doc.requirement else "")
        if data is not None:
            digitise(doc.pk, data, actor=actor)


def _postal_address(request: HttpRequest, applicant: ApplicantData) -> postal.Address | None:
    """The address of "Trả kết quả qua bưu chính" when the officer ticked it (Decision 45/2016/QĐ-TTg)."""
    if request.POST.get("result_by_post") != "1":
        return None
    return address_from(request.POST, applicant.name, applicant.phone)


def _postal_field_errors(exc: ValidationError) -> dict[str, str]:
    details = exc.details if isinstance(exc.details, dict) else {}
    return {str(k): str(v) for k, v in (details.get("fields") or {}).items()}


def _postal_context(request: HttpRequest, competent: list[Agency], errors: dict[str, str]) -> dict[str, Any]:
    values = {k: request.POST.get(k, "").strip() for k in POSTAL_KEYS}
    code = request.POST.get("agency", "")
    agency = next((a for a in competent if a.code == code), competent[0] if competent else None)
    return {
        "result_by_post": request.POST.get("result_by_post") == "1",
        "addr": postal_selectors.address_form(agency, values, errors),
    }


def _lookup(
    request: HttpRequest, procedure: Procedure, competent: list[Agency], agencies: list[Agency]
) -> HttpResponse:
    """Prefill the intake form with an earlier applicant found by identification number (nothing is written
    but the audit line of the read)."""
    number = request.POST.get("lookup_id", "").strip()[:30]
    status, found, error = 200, None, ""
    try:
        found = lookup_applicant(officer=request.user, agency_ids=[a.pk for a in agencies], id_number=number)
    except ValidationError as exc:
        status, error = 422, str(exc.message)
    initial = _initial(found) if found else {"applicant_id_number": number}
    form = IntakeForm(initial=initial, version=procedure.current_version, agencies=competent)  # type: ignore[arg-type]
    _offer_store(request, form, competent)
    return render(
        request,
        "backoffice/counter_form.html",
        {
            "form": form,
            "procedure": procedure,
            "version": procedure.current_version,
            "competent": competent,
            "section": "counter",
            "lookup": {"number": number, "found": found, "error": error},
        },
        status=status,
    )


def _offer_store(request: HttpRequest, form: IntakeForm, competent: list[Agency]) -> Any:
    """Offer the applicant's stored items (Decree 45/2020 art. 16; see datastore/models.py) for each scanned
    paper: the applicant is the account holding the identification number entered, present at the counter.
    Only titles are listed; an item taken is read (and logged) by ``datastore.take_at_counter``."""
    number = str(
        form.data.get("applicant_id_number", "") if form.is_bound else form.initial.get("applicant_id_number", "")
    )
    number = number.strip()
    if not number or not competent:
        return None
    owner = User.objects.filter(personal_id=number).exclude(kind=User.Kind.OFFICIAL).first()
    if owner is None:
        return None
    actor = Actor(user=request.user, channel="counter")
    for req in form.requirements:
        if mode_of(req, COUNTER) == Mode.UPLOAD:
            items = datastore.counter_items(actor=actor, agency_id=competent[0].pk, owner=owner, document_code=req.code)
            if items:
                form.store_choices[req.code] = items
    return owner


def _initial(found: KnownApplicant) -> dict[str, Any]:
    return {
        "applicant_type": found.type,
        "applicant_name": found.name,
        "applicant_id_number": found.id_number,
        "applicant_phone": found.phone,
        "applicant_email": found.email,
        "applicant_address": found.address,
    }
