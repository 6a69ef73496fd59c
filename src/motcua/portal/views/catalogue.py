"""Home page, the procedure list (search and filters, live with htmx) and the procedure page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.models import ApplicantType
from motcua.catalogue.models import Field, OnlineLevel
from motcua.catalogue.search import search_procedures
from motcua.organisation.models import Agency
from motcua.portal.views.common import (
    active_procedure,
    agencies_with_counts,
    competent_agencies,
    procedures_of_agency,
)

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    """Trang chủ: search, fields, agencies, and tracking by code."""
    fields = (
        Field.objects.annotate(
            n=Count("procedures", filter=Q(procedures__active=True, procedures__current_version__isnull=False))
        )
        .filter(n__gt=0)
        .order_by("name")
    )
    return render(request, "portal/home.html", {"fields": fields, "agencies": agencies_with_counts()})


def procedure_list(request: HttpRequest) -> HttpResponse:
    """Danh sách thủ tục: words (accents and case ignored), field, level, agency; htmx swaps the results."""
    q = request.GET.get("q", "").strip()[:200]
    field_code = request.GET.get("field", "").strip()
    level = request.GET.get("level", "").strip()
    agency_code = request.GET.get("agency", "").strip()
    qs = search_procedures(q, field_code=field_code or None, level=level or None)
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if agency is not None:
        qs = procedures_of_agency(qs, agency)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "q": q,
        "field_code": field_code,
        "level": level,
        "agency": agency,
        "page": page,
        "fields": Field.objects.order_by("name"),
        "levels": [(value, label) for value, label in Agency.Level.choices],
        "query_string": _query_string(request),
    }
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "results":
        return render(request, "portal/_procedure_results.html", context)
    return render(request, "portal/procedure_list.html", context)


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Trang thủ tục: everything an applicant needs before filing."""
    procedure = active_procedure(code)
    version = procedure.current_version
    assert version is not None
    applicant_types = [str(ApplicantType(t).label) for t in version.applicant_types if t in ApplicantType.values]
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "applicant_types": applicant_types,
            "documents": list(version.documents.all()),
            "fees": list(version.fees.all()),
            "agencies": competent_agencies(version),
            "online": version.online_level != OnlineLevel.NONE,
            "time_amount": format(version.time_amount.normalize(), "f"),
        },
    )
