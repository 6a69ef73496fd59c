"""The dossier page of the back office, and the actions posted from it."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice import present
from motcua.backoffice.access import official_required
from motcua.backoffice.actions import ACTIONS, SPECS, holds_role_for
from motcua.backoffice.forms.actions import ActionForm
from motcua.backoffice.forms.steps import StepForm
from motcua.backoffice.printing import latest_supplement_request, refusal_event
from motcua.backoffice.process_panel import STEP_DECISIONS, process_panel
from motcua.catalogue.code_lists import document_type_name
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, DomainError, NotFound, ValidationError
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.datastore import selectors as datastore_selectors
from motcua.datastore.services import store as datastore
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.services.digitisation import PAPER_CHANNELS, PAPER_KINDS, refusal_of
from motcua.feedback.models import Rating
from motcua.national_portal import selectors as national_selectors
from motcua.postal import selectors as postal_selectors

NOTICES_TEMPLATE = "notifications/_dossier_notices.html"
PRINT_KINDS = ("mau-01", "mau-02", "mau-03", "mau-04", "mau-05")


def visible_or_404(request: HttpRequest, code: str) -> Dossier:
    """Return the dossier if this official may see it; 404 otherwise (existence never leaks)."""
    try:
        return selectors.get_visible(request.user, code)
    except NotFound:
        raise Http404 from None


def template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def action_forms(
    request: HttpRequest, dossier: Dossier, bound: ActionForm | None = None, hide: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Return the forms of the actions this official may take now, the bound one in place.

    ``hide``: actions offered elsewhere on the page (while a process runs, a step's decisions).
    """
    result = []
    allowed = set(allowed_actions(request.user, dossier)) - hide
    for spec in SPECS:  # in the order of the work, not alphabetical
        name = spec.name
        if name not in allowed:
            continue
        form = bound if bound is not None and bound.prefix == name else spec.form(dossier=dossier, prefix=name)
        result.append(
            {
                "spec": spec,
                "form": form,
                "open": form is bound,
                "url": reverse("backoffice:action", args=[dossier.code, name]),
            }
        )
    return result


def prints_for(dossier: Dossier, *, has_process: bool = False) -> list[dict[str, str]]:
    """The forms that can be printed for this dossier now (Mẫu 01, 02, 03, 04; 05 with a process)."""
    items = []
    if dossier.received_at is not None and dossier.due_at is not None:
        items.append(
            {
                "kind": "mau-01",
                "label": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)"),
                "url": reverse("api-v1:dossier_receipt", args=[dossier.code]),
            }
        )
    if latest_supplement_request(dossier) is not None:
        items.append(
            {
                "kind": "mau-02",
                "label": _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"),
                "url": reverse("backoffice:mau_02", args=[dossier.code]),
            }
        )
    if refusal_event(dossier) is not None:
        items.append(
            {
                "kind": "mau-03",
                "label": _("Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)"),
                "url": reverse("backoffice:mau_03", args=[dossier.code]),
            }
        )
    if dossier.extended_at is not None:
        items.append(
            {
                "kind": "mau-04",
                "label": _("Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"),
                "url": reverse("backoffice:mau_04", args=[dossier.code]),
            }
        )
    if has_process:
        items.append(
            {
                "kind": "mau-05",
                "label": _("Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)"),
                "url": reverse("backoffice:mau_05", args=[dossier.code]),
            }
        )
    return items


def render_dossier(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: ActionForm | None = None,
    step_form: StepForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render the dossier page (applicant, form data, documents, clock, actions, process steps, history)."""
    docs = list(
        dossier.documents.select_related(
            "requirement", "digitisation__digitised_by", "digitisation__certified_by"
        ).order_by("uploaded_at", "id")
    )
    reused = datastore_selectors.reuses_of(dossier.pk)  # documents taken from the applicant's data store
    panel = process_panel(request.user, dossier, step_form)
    # One way to act: while the process runs, approving, refusing, issuing and returning are the
    # controls of the steps the official holds (process_panel.step_controls), not dossier buttons.
    hide = STEP_DECISIONS if panel is not None and panel["running"] else frozenset()
    prints = prints_for(dossier, has_process=panel is not None)
    highlight = request.GET.get("in", "")
    context = {
        "section": "home",
        "dossier": dossier,
        "procedure": dossier.procedure_version,
        "form_rows": present.form_rows(dossier),
        "documents": [
            {
                "doc": d,
                "url": reverse("api-v1:download_document", args=[dossier.code, d.pk]),
                "label": d.requirement.name if d.requirement else "",
                **digitisation_of(request.user, dossier, d),
                "reused": reused.get(d.pk),
            }
            for d in docs
        ],
        "granted_items": datastore.granted_items(request.user, dossier),
        "pending_kinds": {d.kind for d in docs if d.event_id is None},
        "clock": present.due_clock(dossier, due_soon_limit=selectors.due_soon_limit(clock.now())),
        "events": [present.event_row(e) for e in selectors.history(dossier)],
        "actions": action_forms(request, dossier, bound, hide),
        "panel": panel,
        "prints": prints,
        "print_now": next((p for p in prints if p["kind"] == highlight), None) if highlight in PRINT_KINDS else None,
        "open_request": dossier.supplement_requests.filter(fulfilled_at__isnull=True).last(),
        "error": error,
        "error_items": error_items(bound or step_form),
        "has_notices": template_exists(NOTICES_TEMPLATE),
        "rating": Rating.objects.filter(dossier=dossier).first(),
        "postal": postal_selectors.panel(request.user, dossier),
        "national": national_selectors.panel(request.user, dossier),
        "Kind": DossierDocument.Kind,
    }
    return render(request, "backoffice/dossier.html", context, status=status)


def digitisation_of(user: Any, dossier: Dossier, doc: DossierDocument) -> dict[str, Any]:
    """The digitisation (số hóa) of a document for the page: its record, or the link to digitise it
    when this official may (the service's rule, ``refusal_of``)."""
    record = getattr(doc, "digitisation", None)
    if record is not None:
        return {"record": record, "record_type": document_type_name(record.document_type) or record.document_type}
    if doc.kind not in PAPER_KINDS or dossier.channel not in PAPER_CHANNELS:
        return {}
    _role, refusal = refusal_of(user, dossier, doc)
    if refusal is None:
        return {"digitise_url": reverse("backoffice:digitise", args=[dossier.code, doc.pk])}
    return {"undigitised": True}


@official_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    return render_dossier(request, visible_or_404(request, code))


@official_required
def store_item(request: HttpRequest, code: str, item_id: int) -> HttpResponse:
    """An item of the applicant's data store the applicant granted this dossier's body (the read is logged)."""
    dossier = visible_or_404(request, code)
    try:
        item = datastore.read_item(actor=Actor(user=request.user), item_id=item_id, dossier_id=dossier.pk)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    return cast(HttpResponse, response)  # a streaming response, served as any page


def field_of(exc: DomainError, form: Any) -> str | None:
    """The form field a service error names (``details["field"]``), if the form has it."""
    details = exc.details if isinstance(exc.details, dict) else {}
    field = details.get("field")
    return str(field) if field and str(field) in form.fields else None


def error_items(form: Any) -> list[dict[str, str]]:
    """The errors of a bound form for the summary at the top of the page: each with the field it is
    about (a link to it), the form-wide ones without a link."""
    if form is None or not form.is_bound or not form.errors:
        return []
    items = [{"label": "", "message": str(m), "id": ""} for m in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        items += [{"label": str(field.label), "message": str(m), "id": field.id_for_label} for m in messages_]
    return items


@require_POST
@official_required
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Bind the action's form, call the lifecycle service, and show the outcome.

    Wrong role → 403 (a service's refusal: the page with its message); another agency's dossier →
    404; a stale page → the conflict message (409); bad input → the form with its errors (422), all
    listed at the top of the page. Nothing is written in any of these cases.
    """
    dossier = visible_or_404(request, code)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    if not holds_role_for(request.user, dossier, action):
        raise PermissionDenied
    form = spec.form(request.POST, request.FILES, dossier=dossier, prefix=action)
    if not form.is_valid():
        return render_dossier(request, dossier, bound=form, status=422)
    actor = Actor(user=request.user, channel="web", on_behalf_of="", note_visibility=form.note_visibility())
    try:
        spec.run(dossier, form.cleaned_data, actor)
    except DomainPermissionDenied as exc:
        return render_dossier(request, visible_or_404(request, code), error=str(exc.message), status=403)
    except NotFound:
        raise Http404 from None
    except Conflict as exc:
        fresh = visible_or_404(request, code)
        return render_dossier(request, fresh, error=str(exc.message), status=409)
    except ValidationError as exc:
        field = field_of(exc, form)
        form.add_error(field, str(exc.message))
        fresh = visible_or_404(request, code)
        return render_dossier(request, fresh, bound=form, status=422)
    messages.success(request, str(spec.done))
    try:
        selectors.get_visible(request.user, code)
    except NotFound:
        return redirect(reverse("backoffice:home"))
    target = reverse("backoffice:dossier", args=[code])
    if spec.prints:
        target += "?" + urlencode({"in": spec.prints})
    return redirect(target)
