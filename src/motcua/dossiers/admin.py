"""Dossiers in the admin are read-only: every change goes through the lifecycle services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.core.admin import ReadOnlyMixin
from motcua.dossiers.models import Dossier, DossierEvent


class EventInline(admin.TabularInline):
    model = DossierEvent
    fields = ("at", "action", "actor_name", "actor_role", "agency", "from_status", "to_status", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "procedure_version", "applicant_name", "status", "handling_agency", "received_at", "due_at",
                    "timeliness")
    list_filter = ("status", "channel", "timeliness")
    search_fields = ("code", "applicant_name", "applicant_id_number")
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
