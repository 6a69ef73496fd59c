"""The grants of gateway members (quyền khai thác dịch vụ qua trục) in the admin.

Every write goes through ``exchange.grants`` (audited): a new grant's token is shown once, in the
message after saving; "Cấp lại khóa" replaces a token the same way. Deleting is disabled: a grant is
switched off (``active``), so the message log keeps naming a known member.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.exchange import grants
from motcua.exchange.models import MessageLog, ServiceGrant


class ServiceGrantForm(forms.ModelForm):  # type: ignore[type-arg]
    services = forms.MultipleChoiceField(
        label=gettext_lazy("dịch vụ được gọi"),
        choices=list(grants.SERVICES.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServiceGrant
        fields = ("client_id", "name", "services", "agencies", "active", "rate_per_minute")

    def clean_client_id(self) -> str:
        try:
            return grants.clean_client_id(str(self.cleaned_data.get("client_id") or ""))
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    def clean_rate_per_minute(self) -> int:
        rate = int(self.cleaned_data.get("rate_per_minute") or 0)
        if not 1 <= rate <= grants.MAX_RATE_PER_MINUTE:
            raise forms.ValidationError(_("Số lần gọi mỗi phút không hợp lệ."))
        return rate


@admin.register(ServiceGrant)
class ServiceGrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ServiceGrantForm
    list_display = ("client_id", "name", "active", "rate_per_minute", "token_prefix", "last_used_at")
    list_filter = ("active",)
    search_fields = ("client_id", "name")
    filter_horizontal = ("agencies",)
    readonly_fields = ("token_prefix", "created_at", "last_used_at")
    actions = ["reissue"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "client_id") if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return  # saved with its agencies in save_related, by the service
        data = form.cleaned_data
        grant, token = grants.grant_create(
            client_id=data["client_id"],
            name=data["name"],
            services=data["services"],
            agency_codes=[a.code for a in data.get("agencies") or ()],
            rate_per_minute=data["rate_per_minute"],
            actor=request.user,
        )
        obj.pk, obj.token_prefix, obj.token_hash, obj.created_at = (
            grant.pk,
            grant.token_prefix,
            grant.token_hash,
            grant.created_at,
        )
        messages.warning(
            request,
            _("Khóa truy cập của %(client)s (chỉ hiện một lần, hãy chuyển cho bên gọi ngay): %(token)s")
            % {"client": grant.client_id, "token": token},
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            return  # grant_create set the agencies
        codes = [a.code for a in form.cleaned_data.get("agencies") or ()]
        grants.grant_save_by_admin(
            grant=form.instance, changed=list(form.changed_data), agency_codes=codes, actor=request.user
        )

    @admin.action(description=gettext_lazy("Cấp lại khóa truy cập"), permissions=["change"])
    def reissue(self, request: HttpRequest, queryset: QuerySet[ServiceGrant]) -> None:
        with transaction.atomic():
            issued = [(g.client_id, grants.token_reissue(grant=g, actor=request.user)) for g in queryset]
        for client, token in issued:
            messages.warning(
                request,
                _("Khóa truy cập mới của %(client)s (chỉ hiện một lần): %(token)s")
                % {"client": client, "token": token},
            )


@admin.register(MessageLog)
class MessageLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The signed message log, read only (an edit would break the chain ``exchange-verify-log`` checks)."""

    list_display = ("at", "direction", "client", "service", "user_id", "status", "outcome")
    list_filter = ("direction", "outcome")
    search_fields = ("message_id", "client", "service", "user_id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
