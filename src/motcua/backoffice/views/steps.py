"""The internal-process steps in the back office: finish (approve, issue, return), send back, refuse
or reassign a step from the dossier page, and the official's own list of waiting steps (Bước xử lý của tôi)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.access import official_required
from motcua.backoffice.forms.result import record_from
from motcua.backoffice.forms.steps import STEP_FORMS, AssignStepForm, IssueStepForm, StepForm
from motcua.backoffice.paging import page_of
from motcua.backoffice.process_panel import role_label
from motcua.backoffice.views.dossier import field_of, render_dossier, visible_or_404
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, NotFound, ValidationError
from motcua.core.errors import PermissionDenied as DomainPermissionDenied
from motcua.dossiers import notes
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import Status
from motcua.processes import selectors, services

PAGE_SIZE = 50


def _run(form: StepForm, actor: Actor) -> str:
    """Call the service for ``form``; return the success message."""
    row, d, data = form.row, form.dossier, form.cleaned_data
    if isinstance(form, AssignStepForm):
        person = form.people[data["assignee"]]
        services.assign_step(d.pk, row.pk, actor=actor, assignee_id=form.assignee_id())
        return _("Đã giao bước “%(step)s” cho %(name)s.") % {"step": row.step.name, "name": person.display_name}
    if form.kind == "refuse":
        lifecycle.complete_step(
            d.pk, row.pk, actor=actor, outcome="refuse", note=data["reasons"], version=data["version"]
        )
        return _("Đã từ chối giải quyết hồ sơ.")
    if form.kind == "send_back":
        lifecycle.send_back(d.pk, row.pk, actor=actor, reason=data["reason"], version=data["version"])
        return _("Đã trả lại hồ sơ cho chuyên viên.")
    if form.kind == "approve":
        lifecycle.approve(d.pk, actor=actor, note=data["note"], version=data["version"], step_row_id=row.pk)
        return _("Đã phê duyệt hồ sơ.")
    if isinstance(form, IssueStepForm):
        lifecycle.issue_result(
            d.pk,
            actor=actor,
            record=record_from(data),
            note=data["note"],
            version=data["version"],
            step_row_id=row.pk,
            files=[data["file"]] if data.get("file") else [],
        )
        return _("Đã ban hành kết quả.")
    done = lifecycle.complete_step(d.pk, row.pk, actor=actor, note=data["note"], version=data["version"])
    if done.status == Status.RETURNED:
        return _("Đã trả kết quả cho người nộp.")
    return _("Đã hoàn thành bước “%(step)s”.") % {"step": row.step.name}


@require_POST
@official_required
def step_action(request: HttpRequest, code: str, step_id: int, kind: str) -> HttpResponse:
    """Finish, send back, refuse or reassign one step of the dossier's process.

    A step the official may not see → 404; not holding the step (or, to reassign, not a head of
    its body) → 403; a rule of the process against it (e.g. refusing at a step that may not) → the
    page with the message (403); a stale page or a finished step → the conflict message (409); bad
    input → the form with its errors (422). Nothing is written in any of these cases; every message
    is at the top of the page (the error summary).
    """
    dossier = visible_or_404(request, code)
    cls = STEP_FORMS.get(kind)
    if cls is None:
        raise Http404
    pairs = selectors.role_pairs(request.user)
    row = next((r for r in selectors.visible_steps(request.user, dossier, pairs) if r.pk == step_id), None)
    if row is None:
        raise Http404
    allowed = selectors.is_head_of(pairs, row) if kind == "assign" else selectors.holds(pairs, row)
    if not allowed:
        raise PermissionDenied
    form = cls(request.POST, request.FILES, dossier=dossier, row=row)
    if not form.is_valid():
        return render_dossier(request, dossier, step_form=form, status=422)
    told = form.cleaned_data.get("note_to_applicant") if "note_to_applicant" in form.fields else None
    actor = Actor(user=request.user, channel="web", on_behalf_of="", note_visibility=notes.visibility_of_choice(told))
    try:
        done = _run(form, actor)
    except DomainPermissionDenied as exc:
        return render_dossier(request, visible_or_404(request, code), error=str(exc.message), status=403)
    except NotFound:
        raise Http404 from None
    except Conflict as exc:
        return render_dossier(request, visible_or_404(request, code), error=str(exc.message), status=409)
    except ValidationError as exc:
        form.add_error(field_of(exc, form), str(exc.message))
        return render_dossier(request, visible_or_404(request, code), step_form=form, status=422)
    messages.success(request, done)
    return _after(request, code)


def _after(request: HttpRequest, code: str) -> HttpResponse:
    try:
        fresh: Dossier = dossier_selectors.get_visible(request.user, code)
    except NotFound:
        return redirect(reverse("backoffice:my_steps"))
    target = reverse("backoffice:dossier", args=[code])
    if fresh.status == Status.REFUSED:
        target += "?" + urlencode({"in": "mau-03"})
    return redirect(target)


@official_required
def my_steps(request: HttpRequest) -> HttpResponse:
    """Bước xử lý của tôi: the waiting steps at the bodies and roles the official holds, by due time."""
    now = clock.now()
    every = selectors.my_steps(request.user)
    page = page_of(every, request.GET.get("trang"), PAGE_SIZE)
    rows: list[dict[str, Any]] = []
    for row in selectors.with_details(list(page.object_list)):
        rows.append(
            {
                "r": row,
                "state": selectors.step_state(row, now),
                "role": role_label(row.role),
                "body": row.agency.name if row.agency else row.body,
            }
        )
    here = request.path
    context = {
        "section": "steps",
        "rows": rows,
        "page": page,
        **selectors.step_counts(every, now),
        "prev_url": f"{here}?trang={page.previous_page_number()}" if page.has_previous() else "",
        "next_url": f"{here}?trang={page.next_page_number()}" if page.has_next() else "",
    }
    return render(request, "backoffice/my_steps.html", context)
