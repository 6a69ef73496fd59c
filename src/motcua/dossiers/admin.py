"""Dossiers in the admin are read-only: every change goes through the lifecycle services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyMixin
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.statuses import Status, action_label
from motcua.organisation.models import Role


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value or "—"


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    """The history with its labels (the action, role and statuses are stored as codes)."""

    model = DossierEvent
    fields = ("at", "action_name", "actor_name", "role_name", "agency", "from_name", "to_name", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("thao tác"))
    def action_name(self, event: DossierEvent) -> str:
        return action_label(event.action)

    @admin.display(description=_("vai trò"))
    def role_name(self, event: DossierEvent) -> str:
        if event.actor_role in Role.values:
            return str(Role(event.actor_role).label)
        return str(_("Người nộp hồ sơ")) if event.actor_role == "applicant" else event.actor_role or "—"

    @admin.display(description=_("từ trạng thái"))
    def from_name(self, event: DossierEvent) -> str:
        return _status(event.from_status)

    @admin.display(description=_("sang trạng thái"))
    def to_name(self, event: DossierEvent) -> str:
        return _status(event.to_status)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "code",
        "procedure_version",
        "applicant_name",
        "status",
        "handling_agency",
        "received_at",
        "due_at",
        "timeliness",
    )
    list_filter = ("status", "channel", "timeliness")
    search_fields = ("code", "applicant_name", "applicant_id_number")
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
