"""Digitising one paper of a dossier (số hóa) from the dossier page, after reception.

At the counter the papers are digitised with the intake itself (``views/counter.py``); a paper left
for later, or received before, is digitised here. The rule (who, when, which paper) is the service's
``refusal_of``: another agency's dossier → 404, no reception role at the receiving body → 403, a
paper that cannot be digitised now → the page with the reason (409/422), bad metadata → 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.backoffice.access import official_required
from motcua.backoffice.forms.digitisation import DigitisationForm
from motcua.backoffice.views.dossier import visible_or_404
from motcua.core.actor import Actor
from motcua.core.errors import DomainError, ValidationError
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.dossiers.services.digitisation import digitise, refusal_of


@official_required
def digitise_page(request: HttpRequest, code: str, doc_id: int) -> HttpResponse:
    dossier = visible_or_404(request, code)
    document = dossier.documents.select_related("requirement").filter(pk=doc_id).first()
    if document is None:
        raise Http404
    _role, refusal = refusal_of(request.user, dossier, document)
    if isinstance(refusal, DomainPermissionDenied):
        raise PermissionDenied
    form = DigitisationForm(request.POST or None, agency_ids=[dossier.receiving_agency_id])
    error, status = "", 200
    if refusal is not None:
        error, status = str(refusal.message), refusal.http_status
    elif request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                record = digitise(document.pk, form.metadata(), actor=Actor(user=request.user, channel="web"))
            except DomainPermissionDenied:
                raise PermissionDenied from None
            except ValidationError as exc:
                field = (exc.details or {}).get("field") if isinstance(exc.details, dict) else None
                form.add_error(field if field in form.fields else None, str(exc.message))
            except DomainError as exc:
                error, status = str(exc.message), exc.http_status
            else:
                messages.success(request, _("Đã số hóa giấy tờ %(name)s.") % {"name": document.original_name})
                if record.seal_problem:
                    messages.warning(request, record.seal_problem)
                return redirect("backoffice:dossier", dossier.code)
    context = {"section": "home", "dossier": dossier, "document": document, "form": form, "error": error}
    return render(request, "backoffice/digitise.html", context, status=status)
