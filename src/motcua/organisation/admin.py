"""Organisation admin: every write goes through ``organisation.services`` (audited, one transaction)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyMixin
from motcua.core.errors import DomainError, ValidationError
from motcua.organisation.agency_codes import validate_agency_code
from motcua.organisation.models import AdminUnit, Agency, AgencyCode, OfficialRole, ReceivingPoint
from motcua.organisation.services import (
    AGENCY_FIELDS,
    RECEIVING_POINT_FIELDS,
    agency_change_code,
    agency_create,
    agency_update,
    receiving_point_create,
    receiving_point_delete,
    receiving_point_update,
    role_grant,
    role_revoke,
)


def _django_error(exc: DomainError) -> DjangoValidationError:
    return DjangoValidationError(str(exc.message))


class AgencyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "level",
            "parent",
            "admin_unit",
            "valid_from",
            "valid_to",
            "predecessors",
            "address",
            "phone",
            "email",
        )

    def clean_code(self) -> str:
        try:
            return validate_agency_code(self.cleaned_data["code"])
        except ValidationError as exc:
            raise _django_error(exc) from exc


class ChangeCodeForm(forms.Form):
    new_code = forms.CharField(label=_("Mã định danh mới"), max_length=35)
    on = forms.DateField(label=_("Hiệu lực từ ngày"), initial=timezone.localdate)

    def clean_new_code(self) -> str:
        try:
            return validate_agency_code(self.cleaned_data["new_code"])
        except ValidationError as exc:
            raise _django_error(exc) from exc


class AgencyCodeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AgencyCode
    extra = 0
    readonly_fields = ("code", "valid_from", "valid_to")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history grows only through "change code"


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Agencies are created and edited through the services: creating one opens its code history,
    the code is read-only once issued and changes through "change code" (agency_change_code).
    Deleting is disabled: an agency is closed with "valid to", dossiers and the code history keep it."""

    form = AgencyForm
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "admin_unit")
    filter_horizontal = ("predecessors",)
    inlines = [AgencyCodeInline]
    actions = ["change_code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code", "change_code_link") if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        head = ["code", "change_code_link"] if obj is not None else ["code"]
        return [*head, *AGENCY_FIELDS]

    @admin.display(description=_("đổi mã"))
    def change_code_link(self, obj: Agency) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:organisation_agency_change_code", args=[obj.pk]),
            _("Đổi mã định danh (giữ mã cũ trong lịch sử)"),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            agency_update(
                agency=obj,
                actor=request.user,
                **{name: data[name] for name in form.changed_data if name in AGENCY_FIELDS},
            )
            return
        created = agency_create(
            code=data["code"],
            name=data["name"],
            level=data["level"],
            parent=data.get("parent"),
            admin_unit=data.get("admin_unit"),
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
            predecessors=data.get("predecessors") or (),
            actor=request.user,
            address=data.get("address") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The predecessors were saved by the service; the code history inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:pk>/change-code/",
                self.admin_site.admin_view(self.change_code_view),
                name="organisation_agency_change_code",
            )
        ]
        return own + super().get_urls()

    @admin.action(description=_("Đổi mã định danh của cơ quan đã chọn"), permissions=["change"])
    def change_code(self, request: HttpRequest, queryset: QuerySet[Agency]) -> HttpResponse | None:
        if queryset.count() != 1:
            messages.warning(request, _("Chọn đúng một cơ quan để đổi mã."))
            return None
        return HttpResponseRedirect(reverse("admin:organisation_agency_change_code", args=[queryset.get().pk]))

    def change_code_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = get_object_or_404(Agency, pk=pk)
        if not self.has_change_permission(request, agency):
            return HttpResponse(status=403)
        form = ChangeCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                agency_change_code(
                    agency=agency,
                    new_code=form.cleaned_data["new_code"],
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error("new_code", str(exc.message))
            else:
                messages.success(
                    request,
                    _("Đã đổi mã định danh của %(name)s thành %(code)s.") % {"name": agency.name, "code": agency.code},
                )
                return HttpResponseRedirect(reverse("admin:organisation_agency_change", args=[agency.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": agency,
            "title": _("Đổi mã định danh: %(name)s") % {"name": agency.name},
            "form": form,
            "history": agency.code_history.order_by("valid_from", "id"),
        }
        return TemplateResponse(request, "admin/organisation/agency/change_code.html", context)


@admin.register(ReceivingPoint)
class ReceivingPointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Receiving points are created, edited and deleted through the services (each audited; a bulk
    delete writes one line per point)."""

    list_display = ("name", "agency", "morning_start", "morning_end", "afternoon_start", "afternoon_end")
    filter_horizontal = ("serves",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            receiving_point_update(
                point=obj, actor=request.user, **{n: data[n] for n in form.changed_data if n in RECEIVING_POINT_FIELDS}
            )
            return
        hours = {n: data[n] for n in RECEIVING_POINT_FIELDS if n not in ("name", "agency", "serves") and n in data}
        created = receiving_point_create(
            name=data["name"], agency=data["agency"], serves=list(data.get("serves") or ()), actor=request.user, **hours
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # "serves" was set by the service

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        receiving_point_delete(point=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ReceivingPoint]) -> None:
        for point in queryset.select_related("agency"):
            receiving_point_delete(point=point, actor=request.user)


class OfficialRoleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OfficialRole
        fields = ("user", "role", "agency", "active")


@admin.register(OfficialRole)
class OfficialRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Roles are granted with role_grant and revoked with role_revoke (each audited). A grant's user,
    agency and role are fixed once made; unticking "active" or the "revoke" action ends it. Deleting
    is disabled: the inactive row keeps who held which role, which the dossiers' history refers to."""

    form = OfficialRoleForm
    list_display = ("user", "role", "agency", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    raw_id_fields = ("user", "agency")
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "role", "agency") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            grant = role_grant(user=obj.user, agency=obj.agency, role=obj.role, actor=request.user)
            if not form.cleaned_data.get("active", True):
                grant = role_revoke(grant=grant, actor=request.user)
            obj.pk = grant.pk
            obj._state.adding = False
            obj._state.db = grant._state.db
        elif "active" in form.changed_data:
            if obj.active:
                role_grant(user=obj.user, agency=obj.agency, role=obj.role, actor=request.user)
            else:
                role_revoke(grant=obj, actor=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # no related objects

    @admin.action(description=_("Thu hồi các vai trò đã chọn"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[OfficialRole]) -> None:
        with transaction.atomic():
            for grant in queryset:
                role_revoke(grant=grant, actor=request.user)
        messages.success(request, _("Đã thu hồi vai trò."))


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
