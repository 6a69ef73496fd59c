"""Admin helpers shared by the apps, and the read-only views of the outbox and the audit log."""

from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, Permission
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from motcua.core.models import AuditLog, OutboxAttempt, OutboxMessage


class ReadOnlyMixin:
    """View-only admin: the services are the only write path."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_VERBS = {"add": _("Được thêm"), "change": _("Được sửa"), "delete": _("Được xóa"), "view": _("Được xem")}


def permission_label(perm: Permission) -> str:
    """``"Hồ sơ | hồ sơ | Được xem hồ sơ"``: Django stores the default permissions' names in English
    ("Can view dossier") when it migrates, so they are named here from the codename and the model."""
    action, _sep, model = perm.codename.partition("_")
    model_class = perm.content_type.model_class()
    if action in _VERBS and model_class is not None and model == perm.content_type.model:
        name = f"{_VERBS[action]} {model_class._meta.verbose_name}"
    else:
        name = perm.name
    return f"{perm.content_type} | {name}"


class PermissionLabelsMixin:
    """Name the permissions of a group's or a user's permission list in the page's language."""

    def formfield_for_manytomany(self, db_field: Any, request: Any = None, **kwargs: Any) -> Any:
        if db_field.name in ("permissions", "user_permissions"):
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


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


# --- Third-party admins, relabelled (core/thirdparty.py names the apps) -------------------------
# Columns the packages label from a method name ("Status", "Task name") or with an untranslated
# string ("run after") read in Vietnamese, like the rest of the admin.


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):  # type: ignore[misc]  # django-axes is untyped
    @admin.display(description=_("tình trạng"))
    def status(self, obj: Any) -> str:
        return str(super().status(obj))

    @admin.display(description=_("hết hạn lúc"))
    def expiration(self, obj: Any) -> Any:
        return super().expiration(obj)


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    @admin.display(description=_("tác vụ"), ordering="task_path")
    def task(self, obj: "DBTaskResult[Any, Any]") -> str:
        return str(obj.task_name)

    @admin.display(description=_("lỗi (traceback)"))
    def formatted_traceback(self, obj: "DBTaskResult[Any, Any]") -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("chạy sau"))
    def display_run_after(self, obj: "DBTaskResult[Any, Any]") -> Any:
        return super().display_run_after(obj)


class GroupAdmin(PermissionLabelsMixin, auth_admin.GroupAdmin):
    pass


for _model, _admin in ((AccessAttempt, AccessAttemptAdmin), (DBTaskResult, TaskResultAdmin), (Group, GroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)
