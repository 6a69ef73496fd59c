"""Admin pages for the official schedule overrides; every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.calendars.models import CalendarOverride
from motcua.calendars.workcal import weekday_name
from motcua.core.audit import audit

AUDITED_FIELDS = ("date", "kind", "name", "note")


def _plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data (dates as ISO strings)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def snapshot(obj: CalendarOverride) -> dict[str, Any]:
    """Return the audited fields of ``obj`` as JSON-ready data."""
    return {name: _plain(getattr(obj, name)) for name in AUDITED_FIELDS}


class YearFilter(admin.SimpleListFilter):
    """Filter the overrides by calendar year."""

    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarOverride.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "weekday", "kind", "name", "updated_at")
    list_filter = (YearFilter, "kind")
    search_fields = ("name", "note")
    ordering = ("date",)
    date_hierarchy = "date"

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return weekday_name(obj.date)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        with transaction.atomic():
            if change:
                before = snapshot(CalendarOverride.objects.get(pk=obj.pk))
                super().save_model(request, obj, form, change)
                after = snapshot(obj)
                changes = {k: [before[k], after[k]] for k in AUDITED_FIELDS if before[k] != after[k]}
                audit(actor=request.user, action="calendar_override.update", obj=obj, changes=changes)
            else:
                super().save_model(request, obj, form, change)
                audit(actor=request.user, action="calendar_override.create", obj=obj, changes=snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        with transaction.atomic():
            audit(actor=request.user, action="calendar_override.delete", obj=obj, changes=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit(actor=request.user, action="calendar_override.delete", obj=obj, changes=snapshot(obj))
            super().delete_queryset(request, queryset)
