"""Mẫu 06 - Sổ theo dõi hồ sơ: a body's register for a period, as PDF or XLSX.

For the body's reception officers and heads, for the bodies where they hold that role; everyone
else gets 403. Bad input (a date that is not dd/mm/yyyy, an end before the start, a body that is
not theirs) shows the form again with the error in Vietnamese and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.backoffice.access import official_required
from motcua.backoffice.forms.register import RegisterForm
from motcua.backoffice.register import (
    MAX_PDF_ROWS,
    MAX_XLSX_ROWS,
    received_in,
    register_agencies,
    register_pdf,
    register_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIELDS = ("agency", "date_from", "date_to", "format")


@official_required
def register(request: HttpRequest) -> HttpResponse:
    """The form (this month by default) and, when asked with ``format``, the file."""
    agencies = register_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    bound = any(name in request.GET for name in FIELDS)
    form = RegisterForm(request.GET if bound else None, agencies=agencies)
    # Errors come back with the form, as a 200 page like every form page of the site (a GET form).
    error, count = "", None
    if not bound or form.is_valid():
        data = form.cleaned_data if bound else form.initial
        agency = form.chosen_agency() if bound else agencies[0]
        start, end = data["date_from"], data["date_to"]
        count = received_in(agency, start, end).count()
        fmt = request.GET.get("format", "")
        if fmt not in ("", "pdf", "xlsx"):
            error = _("Chọn tải về dạng PDF hoặc XLSX.")
        elif fmt:
            limit = MAX_PDF_ROWS if fmt == "pdf" else MAX_XLSX_ROWS
            if count > limit:
                error = _(
                    "Kỳ đã chọn có %(count)s hồ sơ, quá %(limit)s hồ sơ cho một tệp %(fmt)s. Vui lòng chọn "
                    "khoảng thời gian ngắn hơn."
                ) % {"count": count, "limit": limit, "fmt": fmt.upper()}
            else:
                name = f"so-theo-doi-ho-so-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
                content = register_pdf(agency, start, end) if fmt == "pdf" else register_xlsx(agency, start, end)
                response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else XLSX)
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                response["Cache-Control"] = "private, no-store"
                return response
    return render(
        request,
        "backoffice/register.html",
        {
            "section": "register",
            "form": form,
            "error": error,
            "count": count,
        },
    )
