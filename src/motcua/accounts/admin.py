"""Accounts admin: users' and tokens' changes go through ``accounts.services`` (audited, one transaction)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken, EidConflict, User
from motcua.accounts.services import (
    eid_conflict_resolve,
    token_revoke,
    user_delete,
    user_password_changed,
    user_save_by_admin,
)
from motcua.core.admin import PermissionLabelsMixin
from motcua.core.errors import DomainError
from motcua.organisation.models import OfficialRole

_RELATED = ("groups", "user_permissions")


@admin.register(User)
class MotcuaUserAdmin(PermissionLabelsMixin, UserAdmin):  # type: ignore[type-arg]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "MotCua",
            {"fields": ("kind", "full_name", "personal_id", "tax_code", "phone", "address", "admin_unit", "title")},
        ),
        (
            _("Định danh điện tử"),
            {"fields": ("birth_date", "eid_level", "eid_verified_at", "eid_subject")},
        ),
    )
    # Set only by an e-ID login (accounts.services.eid_sign_in), never by hand.
    readonly_fields = ("birth_date", "eid_level", "eid_verified_at", "eid_subject")
    list_display = ("username", "full_name", "kind", "personal_id", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("username", "full_name", "personal_id")
    raw_id_fields = ("admin_unit",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        related = {
            name: [str(v) for v in form.cleaned_data.get(name) or ()] for name in _RELATED if name in form.changed_data
        }
        user_save_by_admin(user=obj, changed=list(form.changed_data), actor=request.user, related=related)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:  # noqa: A002
        # Django's view saves the password form itself; in one transaction with the audit line.
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user_password_changed(user=User.objects.get(pk=id), actor=request.user)
        return response

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # An account's roles and tokens go with it: user_delete names the roles in its audit line, so
        # their admins' "no delete" (a grant is revoked, a token revoked) does not block deleting a user.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        cascaded = {str(OfficialRole._meta.verbose_name), str(ApiToken._meta.verbose_name)}
        return to_delete, model_count, {p for p in perms_needed if str(p) not in cascaded}, protected

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        user_delete(user=obj, actor=request.user)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_delete(user=user, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are issued by token_create (shown once, so never here) and revoked here with token_revoke
    (audited). Deleting is disabled: a revoked token stays, with when it was last used."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        with transaction.atomic():
            for token in queryset:
                token_revoke(token=token, actor=request.user)
        messages.success(request, _("Đã thu hồi khóa."))


class EidConflictForm(forms.ModelForm):  # type: ignore[type-arg]
    """Resolving takes a note: what the official checked or did (e.g. moved the dossiers)."""

    class Meta:
        model = EidConflict
        fields = ("resolution_note",)

    def clean_resolution_note(self) -> str:
        note = str(self.cleaned_data.get("resolution_note") or "").strip()
        if not note:
            raise forms.ValidationError(_("Vui lòng ghi nội dung đã xử lý."))
        return note


@admin.register(EidConflict)
class EidConflictAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """E-ID conflicts: a local account had claimed a personal ID that an e-ID login proved.

    Recorded by ``eid_sign_in``; an official with the admin role opens one and saves a note to
    mark it resolved (``eid_conflict_resolve``, audited). Nothing is added or deleted here.
    """

    form = EidConflictForm
    list_display = ("personal_id", "local_user", "verified_user", "detected_at", "resolved")
    list_filter = ("resolved",)
    search_fields = ("personal_id", "local_user__username", "verified_user__username")
    readonly_fields = (
        "personal_id",
        "local_user",
        "verified_user",
        "detected_at",
        "resolved",
        "resolved_at",
        "resolved_by",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.resolved:
            return (*self.readonly_fields, "resolution_note")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if "resolution_note" not in form.cleaned_data:  # resolved already: nothing to save
            return
        try:
            eid_conflict_resolve(conflict=obj, note=form.cleaned_data["resolution_note"], actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
