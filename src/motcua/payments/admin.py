"""Payments in the admin: read-only, with one action (refund) that goes through the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.core.actor import Actor
from motcua.core.admin import ReadOnlyMixin
from motcua.core.errors import DomainError
from motcua.payments.models import FeeAssessment, Payment, PaymentCallback, StatementLine
from motcua.payments.services.payments import refund_payment


class CallbackInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PaymentCallback
    fields = ("received_at", "kind", "signature_ok", "outcome", "raw", "answer")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RefundForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hoàn tiền"), widget=forms.Textarea, max_length=1000)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "dossier", "channel", "amount", "status", "created_at", "paid_at", "gateway_reference")
    list_filter = ("status", "channel")
    search_fields = ("reference", "dossier__code", "gateway_reference", "payer_name")
    inlines = [CallbackInline]
    actions = ["refund"]

    @admin.action(description=_("Hoàn tiền các khoản đã chọn (ghi lý do)"))
    def refund(self, request: HttpRequest, queryset: QuerySet[Payment]) -> HttpResponse | None:
        form = RefundForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for payment in queryset:
                try:
                    refund_payment(
                        payment.pk, actor=Actor(user=request.user, channel="admin"), reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except DomainError as exc:
                    self.message_user(request, f"{payment.reference}: {exc.message}", messages.ERROR)
            self.message_user(request, _("Đã ghi nhận hoàn tiền %(n)s khoản.") % {"n": done}, messages.SUCCESS)
            return None
        return render(
            request,
            "payments/admin_refund.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "payments": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "title": _("Hoàn tiền"),
            },
        )


@admin.register(FeeAssessment)
class FeeAssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("dossier", "total", "revision", "assessed_at", "updated_at")
    search_fields = ("dossier__code",)


@admin.register(StatementLine)
class StatementLineAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("booked_at", "bank_reference", "amount", "content", "status", "note", "dossier", "payment")
    list_filter = ("status", "note")
    search_fields = ("bank_reference", "content")
