from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyMixin
from motcua.feedback.models import Category, Feedback, FeedbackEvent, Rating


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Categories are reference data (Open311 services); editing them changes no item."""

    list_display = ("code", "name", "group", "active", "order")
    list_filter = ("active",)
    search_fields = ("code", "name")


class FeedbackEventInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = FeedbackEvent
    extra = 0
    fields = readonly_fields = ("at", "action_name", "actor_name", "from_name", "to_name", "note")

    @admin.display(description=_("thao tác"))
    def action_name(self, event: FeedbackEvent) -> str:
        return event.action_label

    @admin.display(description=_("từ trạng thái"))
    def from_name(self, event: FeedbackEvent) -> str:
        return event.from_status_label

    @admin.display(description=_("sang trạng thái"))
    def to_name(self, event: FeedbackEvent) -> str:
        return event.to_status_label


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "title", "category", "status", "agency", "received_at", "resolve_due_at", "resolve_met")
    list_filter = ("status", "category", "channel")
    search_fields = ("id", "title")
    inlines = [FeedbackEventInline]


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("dossier", "level", "channel", "agency", "procedure", "created_at")
    list_filter = ("level", "channel")
