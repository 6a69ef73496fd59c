"""Citizens' pages: published answers, votes, sending feedback, their own items."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core import clock
from motcua.core.errors import DomainError, not_found
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import get_visible
from motcua.feedback import selectors
from motcua.feedback.forms import FeedbackForm, ProvideInfoForm, attribute_field_name
from motcua.feedback.models import Category, Feedback, FeedbackVote
from motcua.feedback.services import pakn, votes
from motcua.feedback.views_helpers import actor, add_error, error_page, login_first


def published_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published(), 20).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/published_list.html",
        {"page": page, "items": [selectors.public_view(i) for i in page.object_list]},
    )


def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.get_published(pk)
    except DomainError as exc:
        return error_page(request, exc)
    mine = 0
    if request.user.is_authenticated:
        mine = (
            FeedbackVote.objects.filter(feedback=item, user=request.user).values_list("value", flat=True).first() or 0
        )
    return render(request, "feedback/published_detail.html", {"item": selectors.public_view(item), "my_vote": mine})


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 99
    try:
        votes.vote(pk, actor=actor(request), value=value)
    except DomainError as exc:
        return error_page(request, exc)
    return redirect("feedback:published_detail", pk)


DOSSIER_CATEGORY = "giai-quyet-ho-so"


def submit(request: HttpRequest) -> HttpResponse:
    """Gửi phản ánh, kiến nghị. ``?ho-so=<code>`` starts one about the applicant's own dossier (404 for
    anyone else's); ``?linh-vuc=<category>`` presets the category. Contact fields come from the account."""
    dossier = None
    code = request.GET.get("ho-so", "").strip().upper()
    if code:
        if (denied := login_first(request)) is not None:
            return denied
        dossier = _own_dossier(request, code)
    initial = _initial(request, dossier)
    form = FeedbackForm(request.POST or None, request.FILES or None, initial=initial)
    anonymous = not request.user.is_authenticated
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        skip = {"attachments", "category"} | {name for name in data if name.startswith("attr-")}
        fields = {k: v for k, v in data.items() if k not in skip}
        fields = {k: ("" if v is None and k not in {"latitude", "longitude"} else v) for k, v in fields.items()}
        try:
            item = pakn.submit_feedback(
                actor=actor(request),
                data=pakn.FeedbackInput(category=data["category"].code, attributes=form.attributes(), **fields),
                files=data.get("attachments") or [],
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận phản ánh số %(n)s. Hạn giải quyết: %(due)s.")
                % {"n": item.pk, "due": f"{item.resolve_due_at.astimezone(clock.VN_TZ):%H:%M %d/%m/%Y}"},
            )
            return redirect("feedback:mine_detail", item.pk) if not anonymous else redirect("feedback:submitted")
    return render(
        request,
        "feedback/submit.html",
        {"form": form, "anonymous": anonymous, "dossier": dossier},
        status=400 if form.errors else 200,
    )


def _own_dossier(request: HttpRequest, code: str) -> Dossier:
    try:
        dossier = get_visible(request.user, code)
    except DomainError:
        raise Http404 from None
    if dossier.applicant_id != request.user.pk:
        raise Http404
    return dossier


def _initial(request: HttpRequest, dossier: Dossier | None) -> dict[str, Any]:
    """Prefill: the account's contact data, and for a dossier its code, "dossier" and its category."""
    user = request.user
    initial: dict[str, Any] = {}
    if user.is_authenticated:
        initial.update(
            contact_name=getattr(user, "display_name", ""),
            contact_email=user.email or "",
            contact_phone=getattr(user, "phone", ""),
            contact_address=getattr(user, "address", ""),
        )
    categories = set(Category.objects.filter(active=True).values_list("code", flat=True))
    chosen = request.GET.get("linh-vuc", "").strip()
    if dossier is not None:
        initial.update(dossier_code=dossier.code, subject=Feedback.Subject.DOSSIER)
        chosen = chosen or DOSSIER_CATEGORY
    if chosen in categories:
        initial["category"] = chosen
    return initial


def _add_error(form: FeedbackForm, exc: DomainError) -> None:
    """Show a service error on its field, an attribute's on the chosen category's attribute field."""
    details = exc.details if isinstance(exc.details, dict) else {}
    attribute = details.get("attribute")
    category = form.cleaned_data.get("category")
    name = attribute_field_name(category.code, attribute) if attribute and category else ""
    if name in form.fields:
        form.add_error(name, str(exc.message))
    else:
        add_error(form, exc)


def submitted(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/submitted.html")


def mine(request: HttpRequest) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    items = (
        selectors.visible_feedback(request.user).filter(citizen_id=request.user.pk).select_related("category", "agency")
    )
    return render(request, "feedback/mine.html", {"items": items})


def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    item = (
        selectors.visible_feedback(request.user)
        .filter(citizen_id=request.user.pk, pk=pk)
        .select_related("category", "agency")
        .first()
    )
    if item is None:
        return error_page(request, not_found("feedback"))
    form = ProvideInfoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pakn.provide_info(item.pk, actor=actor(request), text=form.cleaned_data["text"])
        except DomainError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Đã gửi thông tin bổ sung."))
            return redirect("feedback:mine_detail", item.pk)
    return render(
        request,
        "feedback/mine_detail.html",
        {
            "item": item,
            "form": form,
            "events": item.events.all(),
            "can_provide": "provide_info" in pakn.allowed_steps(request.user, item),
        },
        status=400 if form.errors else 200,
    )
