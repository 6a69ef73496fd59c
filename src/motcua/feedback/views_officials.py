"""Officials' PAKN pages: the work list of their bodies and the handling form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, PermissionDenied
from motcua.feedback import selectors
from motcua.feedback.models import Feedback
from motcua.feedback.services import pakn
from motcua.feedback.views_helpers import actor, error_page, login_first
from motcua.organisation.models import Agency, OfficialRole

FIELDS = {
    "route": "agency_code",
    "reject": "reason",
    "request_info": "question",
    "assign": "assignee",
    "answer": "text",
    "publish": "public_text",
}


def _official_or_denied(request: HttpRequest) -> HttpResponse | None:
    if (denied := login_first(request)) is not None:
        return denied
    if not selectors.may_handle(request.user):
        return error_page(request, PermissionDenied(_("Trang này dành cho cán bộ xử lý phản ánh, kiến nghị.")))
    return None


def worklist(request: HttpRequest) -> HttpResponse:
    if (denied := _official_or_denied(request)) is not None:
        return denied
    status = request.GET.get("trang-thai", "")
    if status not in Feedback.Status.values:
        status = ""
    items = selectors.worklist(request.user, status)[:500]
    return render(
        request, "feedback/worklist.html", {"items": items, "status": status, "statuses": Feedback.Status.choices}
    )


def handle(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _official_or_denied(request)) is not None:
        return denied
    try:
        item = selectors.get_visible(request.user, pk)
    except DomainError as exc:
        return error_page(request, exc)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        value = request.POST.get(FIELDS.get(action, "-"), "")
        try:
            _apply(request, item.pk, action, value)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Đã cập nhật phản ánh."))
            return redirect("feedback:handle", item.pk)
    allowed = pakn.allowed_steps(request.user, item)
    assignees = OfficialRole.objects.filter(
        agency=item.agency, active=True, role__in=["specialist", "head", "reception"]
    ).select_related("user")
    status = error.http_status if error else 200
    return render(
        request,
        "feedback/handle.html",
        {
            "item": item,
            "allowed": allowed,
            "events": item.events.all(),
            "attachments": item.attachments.all(),
            "agencies": Agency.objects.all() if "route" in allowed else [],
            "assignees": sorted({(r.user.username, r.user.display_name) for r in assignees}),
            "error": error,
        },
        status=status,
    )


def _apply(request: HttpRequest, pk: int, action: str, value: str) -> None:
    a = actor(request)
    if action == "route":
        pakn.route(pk, actor=a, agency_code=value)
    elif action == "reject":
        pakn.reject(pk, actor=a, reason=value)
    elif action == "request_info":
        pakn.request_info(pk, actor=a, question=value)
    elif action == "assign":
        pakn.assign(pk, actor=a, assignee_username=value)
    elif action == "answer":
        pakn.answer(pk, actor=a, text=value)
    elif action == "publish":
        pakn.publish(pk, actor=a, public_text=value)
    else:
        raise PermissionDenied(_("Thao tác không hợp lệ."), code="unknown_action")
