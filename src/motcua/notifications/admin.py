"""Admin: templates are edited here (validated on save); sent notifications are read-only."""

from __future__ import annotations

from django.contrib import admin

from motcua.core.admin import ReadOnlyMixin
from motcua.notifications.models import MessageTemplate, Notice, Notification


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("event", "channel", "active", "subject", "zalo_template_id", "updated_at")
    list_filter = ("channel", "active", "event")
    search_fields = ("subject", "body")
    fields = ("event", "channel", "active", "subject", "body", "sms_ascii", "zalo_template_id", "zalo_params")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "event", "channel", "status", "attempts", "sent_at", "delivered_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("key", "provider_message_id")
    exclude = ("recipient",)  # personal data stays out of the admin


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "event", "title", "read_at")
    list_filter = ("event",)
