from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest

from motcua.core.admin import ReadOnlyMixin
from motcua.core.audit import audit
from motcua.core.errors import ValidationError
from motcua.organisation.agency_codes import validate_agency_code
from motcua.organisation.models import AdminUnit, Agency, AgencyCode, OfficialRole, ReceivingPoint


class AuditedAdmin(admin.ModelAdmin):
    """Write every admin change to the audit log in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit(actor=request.user, action=f"admin.{'change' if change else 'add'}", obj=obj,
              changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit(actor=request.user, action="admin.delete", obj=obj, changes={"repr": str(obj)})
        super().delete_model(request, obj)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ("code", "name", "level", "parent", "admin_unit", "valid_from", "valid_to", "predecessors", "address",
                  "phone", "email")

    def clean_code(self) -> str:
        try:
            return validate_agency_code(self.cleaned_data["code"])
        except ValidationError as exc:
            raise DjangoValidationError(str(exc.message)) from exc


class AgencyCodeInline(admin.TabularInline):
    model = AgencyCode
    extra = 0
    readonly_fields = ("code", "valid_from", "valid_to")
    can_delete = False


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    form = AgencyForm
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "admin_unit")
    filter_horizontal = ("predecessors",)
    inlines = [AgencyCodeInline]


@admin.register(ReceivingPoint)
class ReceivingPointAdmin(AuditedAdmin):
    list_display = ("name", "agency", "morning_start", "morning_end", "afternoon_start", "afternoon_end")
    filter_horizontal = ("serves",)


@admin.register(OfficialRole)
class OfficialRoleAdmin(AuditedAdmin):
    list_display = ("user", "role", "agency", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    raw_id_fields = ("user", "agency")


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
