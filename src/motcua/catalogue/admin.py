"""Admin of the catalogue: read-only views of the rows, and import/export through the services.

Catalogue rows are written only by ``services.import_catalogue`` (it versions and audits every
change), so the admin offers no add/change/delete forms; edits are made by importing a file.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import DocumentRequirement, FeeLine, Field, Procedure, ProcedureVersion
from motcua.catalogue.search import search_fold
from motcua.catalogue.services import export_catalogue, import_catalogue
from motcua.core.admin import ReadOnlyMixin
from motcua.core.errors import ValidationError

MAX_IMPORT_BYTES = 20 * 1024 * 1024
IMPORT_PERMISSION = "catalogue.add_procedureversion"


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Field)
class FieldAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ("number", "name", "implementing_level", "time_amount", "time_unit", "valid_from", "published_at")
    readonly_fields = fields
    ordering = ["-number"]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp JSON danh mục (motcua.catalogue/1)"))


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "field", "current_version", "active", "requires_eid_level2"]
    list_filter = ["field", "active", "requires_eid_level2", "current_version__implementing_level"]
    search_fields = ["code", "search_text"]
    list_select_related = ["field", "current_version"]
    readonly_fields = ["code", "name", "field", "current_version", "active", "requires_eid_level2", "search_text"]
    inlines = [VersionInline]
    actions = ["export_json"]
    change_list_template = "admin/catalogue/procedure/change_list.html"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        # Folded like the public search: "dang ky" and "dang ki" find "Đăng ký".
        return super().get_search_results(request, queryset, search_fold(search_term))

    def get_urls(self) -> list[URLPattern]:
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="catalogue_procedure_import")]
        return extra + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": request.user.has_perm(IMPORT_PERMISSION)}
        return super().changelist_view(request, extra_context)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Django drops every action when the user may not change the model; export only reads.
        actions = super().get_actions(request)
        if "export_json" not in actions and self.has_view_permission(request):
            actions["export_json"] = self.get_action("export_json")
        return actions

    @admin.action(description=gettext_lazy("Xuất JSON các thủ tục đã chọn"))
    def export_json(self, request: HttpRequest, queryset: QuerySet[Procedure]) -> HttpResponse:
        codes = list(queryset.filter(current_version__isnull=False).values_list("code", flat=True))
        data = export_catalogue(codes)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="procedures.json"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a JSON file and apply it through ``import_catalogue``; errors become messages."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            done = self._import_upload(request, form.cleaned_data["file"])
            if done:
                return HttpResponseRedirect(reverse("admin:catalogue_procedure_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Nhập danh mục thủ tục từ tệp JSON"),
        }
        return TemplateResponse(request, "admin/catalogue/procedure/import.html", context)

    def _import_upload(self, request: HttpRequest, upload: Any) -> bool:
        if upload.size > MAX_IMPORT_BYTES:
            messages.error(request, _("Tệp quá lớn (tối đa 20 MB)."))
            return False
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            messages.error(request, _("Tệp không phải JSON UTF-8 hợp lệ: %(error)s") % {"error": exc})
            return False
        if not isinstance(data, dict):
            messages.error(request, _("Tệp JSON phải chứa một đối tượng ở cấp cao nhất."))
            return False
        try:
            report = import_catalogue(data, actor=request.user)
        except ValidationError as exc:
            errors = exc.details.get("errors") if isinstance(exc.details, dict) else None
            if not errors:
                messages.error(request, str(exc.message))
            for error in errors or []:
                where = f"{error['path']} ({error['procedure']})" if error.get("procedure") else error["path"]
                messages.error(request, f"{where}: {error['message']}")
            return False
        messages.success(
            request,
            _("Đã nhập: tạo mới %(created)s, cập nhật %(updated)s, không đổi %(unchanged)s thủ tục.")
            % {"created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged)},
        )
        return True


class DocumentInline(ReadOnlyInline):
    model = DocumentRequirement
    fields = (
        "order",
        "code",
        "name",
        "form",
        "count",
        "required",
        "applicant_types",
        "online_mode",
        "counter_mode",
        "template_name",
        "note",
    )
    readonly_fields = fields
    show_change_link = False


class FeeInline(ReadOnlyInline):
    model = FeeLine
    fields = ("order", "kind", "name", "amount", "quantity_field", "multiplier_field", "rule", "exemptions")
    readonly_fields = fields
    show_change_link = False


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["procedure", "number", "name", "implementing_level", "online_level", "published_at"]
    list_filter = ["implementing_level", "online_level"]
    search_fields = ["procedure__code", "name"]
    list_select_related = ["procedure"]
    readonly_fields = [
        "procedure",
        "number",
        "name",
        "valid_from",
        "implementing_level",
        "agencies",
        "applicant_types",
        "online_level",
        "time_unit",
        "time_amount",
        "same_day_cutoff",
        "time_note",
        "result_type",
        "legal_basis",
        "requirements",
        "description",
        "form_fields",
        "payment_before_processing",
        "published_at",
    ]
    inlines = [DocumentInline, FeeInline]
