"""Rating pages: online by the dossier's owner, at the counter on the officer's device, and the statistics."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers.selectors import get_visible
from motcua.feedback.forms import RatingForm
from motcua.feedback.models import Rating
from motcua.feedback.services.rating_stats import GROUPINGS, rating_stats
from motcua.feedback.services.ratings import RatingInput, rate_at_kiosk, rate_online
from motcua.feedback.views_helpers import actor, add_error, error_page, login_first
from motcua.organisation.permissions import roles_at


def rate(request: HttpRequest, code: str) -> HttpResponse:
    return _rating_page(request, code, kiosk=False)


def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    return _rating_page(request, code, kiosk=True)


def _rating_page(request: HttpRequest, code: str, *, kiosk: bool) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    try:
        dossier = get_visible(request.user, code.strip().upper())
        if kiosk and "reception" not in roles_at(request.user, dossier.receiving_agency_id):
            raise PermissionDenied(
                _("Chỉ cán bộ tiếp nhận của cơ quan đã tiếp nhận hồ sơ mới mở được thiết bị đánh giá."),
                code="not_reception_officer",
            )
        if not kiosk and dossier.applicant_id != request.user.pk:
            raise PermissionDenied(_("Chỉ chủ hồ sơ mới được đánh giá trực tuyến."), code="not_owner")
    except DomainError as exc:
        return error_page(request, exc)
    existing = Rating.objects.filter(dossier=dossier).first()
    form = RatingForm(request.POST or None)
    if request.method == "POST" and existing is not None:
        return render(
            request,
            "feedback/rate.html",
            {"dossier": dossier, "form": form, "kiosk": kiosk, "existing": existing, "returned": True},
            status=409,
        )
    if request.method == "POST" and form.is_valid():
        data = RatingInput(
            level=form.cleaned_data["level"], criteria=form.criteria(), comment=form.cleaned_data["comment"]
        )
        try:
            if kiosk:
                rate_at_kiosk(dossier.code, actor=actor(request, "counter"), data=data)
            else:
                rate_online(dossier.code, actor=actor(request), data=data)
        except DomainError as exc:
            add_error(form, exc)
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
            # The owner goes back to the dossier's page, which now shows the rating given.
            return redirect(request.path if kiosk else reverse("portal:dossier", args=[dossier.code]) + "#danh-gia")
    return render(
        request,
        "feedback/rate.html",
        {
            "dossier": dossier,
            "form": form,
            "kiosk": kiosk,
            "existing": existing,
            "returned": dossier.status == "returned",
            "criteria_fields": [f for f in form if f.name.startswith("c_")],
        },
        status=400 if form.errors else 200,
    )


def stats(request: HttpRequest) -> HttpResponse:
    if (denied := login_first(request)) is not None:
        return denied
    by = request.GET.get("theo", "agency")
    if by not in GROUPINGS:
        by = "agency"
    try:
        rows = rating_stats(request.user, by)
    except DomainError as exc:
        return error_page(request, exc)
    labels = {"agency": _("Cơ quan"), "procedure": _("Thủ tục"), "official": _("Cán bộ")}
    return render(request, "feedback/stats.html", {"rows": rows, "by": by, "labels": labels, "column": labels[by]})
