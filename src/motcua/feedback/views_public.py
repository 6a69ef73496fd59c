"""Citizens' pages: published answers, votes, sending feedback, their own items."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.feedback import selectors
from motcua.feedback.forms import FeedbackForm, ProvideInfoForm
from motcua.feedback.models import FeedbackVote
from motcua.feedback.services import pakn, votes
from motcua.feedback.views_helpers import actor, add_error, error_page, login_first


def published_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published(), 20).get_page(request.GET.get("trang"))
    return render(request, "feedback/published_list.html",
                  {"page": page, "items": [selectors.public_view(i) for i in page.object_list]})


def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.get_published(pk)
    except DomainError as exc:
        return error_page(request, exc)
    mine = 0
    if request.user.is_authenticated:
        mine = FeedbackVote.objects.filter(feedback=item, user=request.user).values_list("value", flat=True).first() or 0
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
    return redirect(f"/phan-anh/{pk}/")


def submit(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None, request.FILES or None,
                        initial={"dossier_code": request.GET.get("ho-so", "")})
    anonymous = not request.user.is_authenticated
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: v for k, v in data.items() if k not in {"attachments", "category"}}
        fields = {k: ("" if v is None and k not in {"latitude", "longitude"} else v) for k, v in fields.items()}
        try:
            item = pakn.submit_feedback(
                actor=actor(request),
                data=pakn.FeedbackInput(category=data["category"].code, **fields),
                files=data.get("attachments") or [],
            )
        except DomainError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận phản ánh số %(n)s. Hạn giải quyết: %(due)s.") % {
                "n": item.pk, "due": f"{item.resolve_due_at.astimezone(pakn.clock.VN_TZ):%H:%M %d/%m/%Y}"})
            return redirect(f"/phan-anh/cua-toi/{item.pk}/" if not anonymous else "/phan-anh/gui/da-gui/")
    return render(request, "feedback/submit.html", {"form": form, "anonymous": anonymous},
                  status=400 if form.errors else 200)


def submitted(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/submitted.html")


def mine(request: HttpRequest) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    items = selectors.visible_feedback(request.user).filter(citizen_id=request.user.pk).select_related("category", "agency")
    return render(request, "feedback/mine.html", {"items": items})


def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    item = selectors.visible_feedback(request.user).filter(citizen_id=request.user.pk, pk=pk).select_related(
        "category", "agency").first()
    if item is None:
        return error_page(request, selectors.not_found("feedback"))
    form = ProvideInfoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pakn.provide_info(item.pk, actor=actor(request), text=form.cleaned_data["text"])
        except DomainError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Đã gửi thông tin bổ sung."))
            return redirect(f"/phan-anh/cua-toi/{item.pk}/")
    return render(request, "feedback/mine_detail.html",
                  {"item": item, "form": form, "events": item.events.all(),
                   "can_provide": "provide_info" in pakn.allowed_steps(request.user, item)},
                  status=400 if form.errors else 200)
