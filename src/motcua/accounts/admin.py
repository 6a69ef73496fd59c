from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from motcua.accounts.models import ApiToken, User
from motcua.core.admin import PermissionLabelsMixin


@admin.register(User)
class MotcuaUserAdmin(PermissionLabelsMixin, UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("MotCua", {"fields": ("kind", "full_name", "personal_id", "tax_code",
                                                                "phone", "address", "admin_unit", "title")}))
    list_display = ("username", "full_name", "kind", "personal_id", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "full_name", "personal_id")
    raw_id_fields = ("admin_unit",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
