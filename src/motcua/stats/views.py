"""Public disclosure (công khai) and the leaders' statistics pages (thống kê)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.core import clock
from motcua.core.dates import DateField
from motcua.organisation.models import Agency
from motcua.processes.selectors import overdue_steps
from motcua.stats import selectors, snapshots
from motcua.stats.charts import bars
from motcua.stats.export import report_xlsx
from motcua.stats.services.report import (
    CELLS,
    COLUMNS,
    EXPORT_COLUMNS,
    agency_scope,
    cell_dossiers,
    statutory_report,
)


class PeriodForm(forms.Form):
    date_from = DateField(label=_("Từ ngày"))  # dd/mm/yyyy typed; ISO from the report's links
    date_to = DateField(label=_("Đến ngày"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end < start or (end - start).days > 366 * 5):
            raise forms.ValidationError(_("Khoảng thời gian không hợp lệ (tối đa 5 năm)."))
        return data


def period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = clock.local_now().date()
    default = {"date_from": date(today.year, 1, 1), "date_to": today}
    form = PeriodForm(request.GET if "date_from" in request.GET else None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, default["date_from"], default["date_to"]


def disclosure(request: HttpRequest) -> HttpResponse:
    """Công khai: per body, dossiers received, resolved on time and late (with apology); recent results."""
    form, start, end = period(request)
    return render(
        request,
        "stats/disclosure.html",
        {
            "form": form,
            "date_from": start,
            "date_to": end,
            "bodies": selectors.body_figures(start, end),
            "recent": selectors.recently_completed(),
        },
    )


def _leader(request: HttpRequest) -> list[int]:
    scope = selectors.leader_scope(request.user)
    if not scope:
        raise PermissionDenied
    return scope


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Leaders' dashboard: volumes over time, on-time rate, online share, where dossiers stall."""
    scope = _leader(request)
    months = selectors.monthly_volumes(12, scope)
    today = clock.local_now().date()
    year = selectors.body_figures(date(today.year, 1, 1), today, scope)
    totals = {
        k: sum(getattr(b, k) for b in year) for k in ("received", "online", "resolved", "early", "on_time", "late")
    }
    shares, shares_at = _shares(scope)
    return render(
        request,
        "stats/dashboard.html",
        {
            "chart": bars(months, ("received", "resolved", "late")),
            "months": months,
            "totals": totals,
            "timely_rate": (totals["early"] + totals["on_time"]) / totals["resolved"] if totals["resolved"] else None,
            "online_rate": totals["online"] / totals["received"] if totals["received"] else None,
            "overdue": selectors.overdue_by_body(scope),
            "bodies": year,
            "year": today.year,
            "overdue_steps": overdue_steps(scope, clock.now()),
            "shares": shares,
            "shares_at": shares_at,
            "postal": selectors.postal_counts(date(today.year, 1, 1), today, scope),
        },
    )


def _shares(scope: list[int]) -> tuple[dict[str, float | None], Any]:
    """Cashless, digitised and satisfaction shares (Decision 766 measures) over the leader's top bodies.

    Read from the snapshots the worker refreshes (stats.snapshots); returns them and when computed.
    """
    tops = list(Agency.objects.filter(pk__in=scope).exclude(parent_id__in=scope).values_list("pk", flat=True))
    totals, computed_at = snapshots.current(tops)
    return {name: (n / d if d else None) for name, (n, d) in totals.items()}, computed_at


def _agency_param(request: HttpRequest, scope: list[int]) -> str | None:
    code = request.GET.get("agency") or None
    if code is not None and not set(agency_scope(code) or [-1]) <= set(scope):
        raise PermissionDenied
    return code


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Biểu 06 for a period and body; every cell links to the dossiers behind it; CSV/XLSX export."""
    scope = _leader(request)
    form, start, end = period(request)
    code = _agency_param(request, scope)
    rows = (
        statutory_report(date_from=start, date_to=end, agency_code=code) if code else _scoped_report(start, end, scope)
    )
    fmt = request.GET.get("format")
    data = [r.as_dict() for r in rows]
    if fmt == "xlsx":
        response = HttpResponse(
            report_xlsx(data, start, end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="bieu-06-{start}-{end}.xlsx"'
        return response
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(data)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bieu-06-{start}-{end}.csv"'
        return response
    return render(
        request,
        "stats/report.html",
        {"form": form, "rows": rows, "date_from": start, "date_to": end, "agency": code or "", "cells": CELLS},
    )


def _scoped_report(start: date, end: date, scope: list[int]) -> list[Any]:
    """The report over the leader's agencies: the top ones (others are below them)."""
    tops = Agency.objects.filter(pk__in=scope).exclude(parent_id__in=scope).values_list("code", flat=True)
    merged: dict[tuple[str, str], Any] = {}
    for code in tops:
        for row in statutory_report(date_from=start, date_to=end, agency_code=code):
            key = (row.field_code, row.level)
            if key in merged:
                for column in COLUMNS[3:]:
                    setattr(merged[key], column, getattr(merged[key], column) + getattr(row, column))
            else:
                merged[key] = row
    total = merged.pop(("", ""), None)
    return [*merged.values(), *([total] if total else [])]


@login_required
def report_cell(request: HttpRequest) -> HttpResponse:
    """Drill-down: the dossiers behind one cell of the report."""
    scope = _leader(request)
    _form, start, end = period(request)
    cell = request.GET.get("cell", "")
    if cell not in CELLS:
        raise PermissionDenied
    code = _agency_param(request, scope)
    qs = cell_dossiers(
        cell,
        date_from=start,
        date_to=end,
        agency_code=code,
        field_code=request.GET.get("field") or None,
        level=request.GET.get("level") or None,
    )
    qs = qs.filter(receiving_agency_id__in=scope).select_related("procedure_version", "receiving_agency")
    return render(
        request,
        "stats/report_cell.html",
        {
            "dossiers": qs.order_by("received_at")[:500],
            "count": qs.count(),
            "cell": cell,
            "date_from": start,
            "date_to": end,
            "next_day": end + timedelta(days=1),
        },
    )
