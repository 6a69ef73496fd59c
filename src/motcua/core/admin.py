"""Admin helpers shared by the apps, and the read-only views of the outbox and the audit log."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.core.models import AuditLog, OutboxAttempt, OutboxMessage


class ReadOnlyMixin:
    """View-only admin: the services are the only write path."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OutboxAttemptInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = OutboxAttempt
    extra = 0
    fields = readonly_fields = ("number", "started_at", "finished_at", "outcome", "error")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    inlines = [OutboxAttemptInline]
    list_display = ("created_at", "topic", "key", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "topic")
    search_fields = ("key",)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "action")
