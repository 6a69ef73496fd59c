"""Admin pages of internal processes: versions (read-only), BPMN import with its errors, the
step-table editor and the diagram. Every write goes through processes.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.actor import Actor
from motcua.core.errors import DomainError

from . import services
from .admin_forms import ImportForm, StepFormSet, StepTableProcedureForm
from .bpmn import svg
from .models import ProcessDefinition, ProcessStep


class ProcessStepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProcessStep
    extra = 0
    can_delete = False
    fields = ("order", "name", "body", "role", "amount", "unit", "can_request_supplement", "can_refuse", "element_id")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("procedure_code", "number", "name", "active", "source", "created_at", "diagram_link")
    list_filter = ("active", "source")
    search_fields = ("procedure_code", "name")
    readonly_fields = (
        "procedure_code",
        "procedure_version",
        "number",
        "name",
        "source",
        "active",
        "created_at",
        "created_by",
        "summary",
    )
    exclude = ("bpmn_xml",)
    inlines = [ProcessStepInline]
    change_list_template = "admin/processes/processdefinition/change_list.html"

    @admin.display(description=gettext_lazy("sơ đồ"))
    def diagram_link(self, obj: ProcessDefinition) -> str:
        url = reverse("admin:processes_processdefinition_diagram", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Xem sơ đồ"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions come from the import and step-table pages

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # dossiers keep the version they started with

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="processes_processdefinition_import"),
            path(
                "step-table/",
                self.admin_site.admin_view(self.step_table_view),
                name="processes_processdefinition_step_table",
            ),
            path(
                "<int:pk>/diagram/",
                self.admin_site.admin_view(self.diagram_view),
                name="processes_processdefinition_diagram",
            ),
            path("<int:pk>/bpmn/", self.admin_site.admin_view(self.bpmn_view), name="processes_processdefinition_bpmn"),
        ]
        return own + super().get_urls()

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def _editor_or_denied(self, request: HttpRequest) -> Actor | None:
        actor = Actor(user=request.user, channel="web")
        try:
            services.check_can_edit(actor)
        except DomainError:
            return None
        return actor

    def import_view(self, request: HttpRequest) -> HttpResponse:
        actor = self._editor_or_denied(request)
        if actor is None:
            return HttpResponse(status=403)
        form = ImportForm(request.POST or None, request.FILES or None)
        problems: list[dict[str, str]] = []
        if request.method == "POST" and form.is_valid():
            try:
                d = services.import_bpmn(
                    form.cleaned_data["procedure_code"].strip(), form.cleaned_data["file"], actor=actor
                )
            except DomainError as exc:
                details = exc.details if isinstance(exc.details, dict) else {}
                problems = details.get("errors", []) or [{"element": "", "message": str(exc.message)}]
            else:
                messages.success(
                    request,
                    _("Đã nhập quy trình %(code)s phiên bản %(n)s.") % {"code": d.procedure_code, "n": d.number},
                )
                if note := services.import_note(d.summary):
                    messages.info(request, note)
                return HttpResponseRedirect(reverse("admin:processes_processdefinition_change", args=[d.pk]))
        return TemplateResponse(
            request,
            "admin/processes/import.html",
            self._context(request, _("Nhập quy trình BPMN"), form=form, problems=problems),
        )

    def step_table_view(self, request: HttpRequest) -> HttpResponse:
        actor = self._editor_or_denied(request)
        if actor is None:
            return HttpResponse(status=403)
        head = StepTableProcedureForm(request.POST or request.GET or None)
        initial: list[dict[str, Any]] = []
        code = (request.GET.get("procedure_code") or "").strip()
        current = services.active_definition(code) if code else None
        if current is not None:
            initial = [
                {
                    "order": s.order,
                    "name": s.name,
                    "body": s.body,
                    "role": s.role,
                    "amount": s.amount,
                    "unit": s.unit,
                    "can_request_supplement": s.can_request_supplement,
                    "can_refuse": s.can_refuse,
                }
                for s in current.steps.all()
            ]
        formset = StepFormSet(request.POST or None, initial=initial or None, prefix="steps")
        problems: list[dict[str, str]] = []
        if request.method == "POST" and head.is_valid() and formset.is_valid():
            specs = [f.spec() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                d = services.definition_from_steps(head.cleaned_data["procedure_code"].strip(), specs, actor=actor)
            except DomainError as exc:
                details = exc.details if isinstance(exc.details, dict) else {}
                problems = details.get("errors", []) or [{"element": "", "message": str(exc.message)}]
            else:
                messages.success(
                    request, _("Đã lưu quy trình %(code)s phiên bản %(n)s.") % {"code": d.procedure_code, "n": d.number}
                )
                return HttpResponseRedirect(reverse("admin:processes_processdefinition_diagram", args=[d.pk]))
        return TemplateResponse(
            request,
            "admin/processes/step_table.html",
            self._context(request, _("Bảng các bước của quy trình"), head=head, formset=formset, problems=problems),
        )

    def diagram_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        d = get_object_or_404(ProcessDefinition, pk=pk)
        drawing = mark_safe(svg.render(d.bpmn_xml))  # noqa: S308 - svg.render escapes every name
        return TemplateResponse(
            request,
            "admin/processes/diagram.html",
            self._context(
                request,
                _("Sơ đồ quy trình %(code)s phiên bản %(n)s") % {"code": d.procedure_code, "n": d.number},
                definition=d,
                drawing=drawing,
                steps=d.steps.all(),
            ),
        )

    def bpmn_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        d = get_object_or_404(ProcessDefinition, pk=pk)
        response = HttpResponse(d.bpmn_xml, content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{d.procedure_code}-v{d.number}.bpmn"'
        return response
