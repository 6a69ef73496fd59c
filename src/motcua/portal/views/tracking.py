"""Public tracking by dossier code (tra cứu hồ sơ): status and dates only, no personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers import selectors
from motcua.portal.views.common import badge_class, timeliness_label


def track_form(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    if code:
        code = code.upper()[:60]
        if "/" in code:  # no address holds it; no dossier code has one either
            return track_detail(request, code)
        return redirect("portal:track_detail", code)
    return render(request, "portal/track.html", {"code": ""})


def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = selectors.track(code)
    except NotFound:
        return render(
            request,
            "portal/track.html",
            {
                "code": code,
                "error": _("Không tìm thấy hồ sơ có mã “%(code)s”. Vui lòng kiểm tra lại mã hồ sơ.") % {"code": code},
            },
            status=404,
        )
    # Only what selectors.track allows the public to see: no applicant, no documents, no history.
    return render(
        request,
        "portal/track.html",
        {
            "code": dossier.code,
            "dossier": dossier,
            "badge": badge_class(dossier),
            "timeliness": timeliness_label(dossier),
            "procedure_name": dossier.procedure_version.name,
            "procedure_code": dossier.procedure_version.procedure.code,
        },
    )
