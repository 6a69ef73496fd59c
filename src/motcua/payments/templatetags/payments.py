"""Template helpers of the payments pages: VND amounts, the dossier payments partial."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from motcua.core import money
from motcua.payments import present
from motcua.payments.models import PaymentCallback
from motcua.payments.services.access import is_cashier

register = template.Library()


@register.filter
def vnd(amount: Any) -> str:
    """``10000`` → ``"10.000"``; templates add the unit: ``{{ x|vnd }} đ`` (core.money)."""
    return money.vnd(amount)


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def unmatched_reason(line: Any) -> str:
    return str(
        {
            "no_dossier_code": _("Nội dung không chứa mã hồ sơ đang chờ chuyển khoản"),
            "amount_differs": _("Số tiền khác số phải nộp"),
            "after_expiry": _("Chuyển khoản sau khi hết hạn"),
            "already_paid": _("Hồ sơ đã nộp đủ"),
            "currency": _("Không phải VND"),
        }.get(line.note, line.note)
    )


@register.simple_tag(takes_context=True)
def dossier_payments(context: Any, dossier: Any) -> dict[str, Any]:
    """Return the fees and payments of ``dossier`` for the partial ``payments/_dossier_payments.html``."""
    data = present.overview(dossier)
    request = context.get("request")
    user = getattr(request, "user", None)
    data["can_collect"] = bool(user is not None and data["outstanding"] > 0 and is_cashier(user, dossier))
    data["late_callbacks"] = PaymentCallback.objects.filter(payment__dossier=dossier, outcome="late").count()
    return data


@register.simple_tag
def citizen_payment(dossier: Any) -> dict[str, Any]:
    """Return the fees and payments of the applicant's ``dossier`` for ``portal/_dossier_payment.html``."""
    return present.citizen_overview(dossier)


@register.simple_tag
def fee_estimate(version: Any, form_data: Any) -> dict[str, Any]:
    """Return the fees a submission of ``version`` with ``form_data`` would be charged (review step)."""
    return present.estimate_view(version.pk, form_data)
