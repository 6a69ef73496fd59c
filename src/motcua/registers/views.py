"""The lookup log page (officials with the admin or TTHC control role) and a citizen's consent withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import NotFound
from motcua.registers import selectors, services
from motcua.registers.models import Lookup, Register


def log(request: HttpRequest) -> HttpResponse:
    """Nhật ký tra cứu: who looked up what, when, why, under which consent, with what outcome."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.may_read_log(request.user):
        raise PermissionDenied
    register = request.GET.get("csdl", "")
    register = register if register in Register.values else ""
    outcome = request.GET.get("ket_qua", "")
    outcome = outcome if outcome in Lookup.Outcome.values else ""
    page = Paginator(selectors.log_rows(register, outcome), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "registers/log.html",
        {
            "page": page,
            "register": register,
            "outcome": outcome,
            "registers": Register.choices,
            "outcomes": Lookup.Outcome.choices,
            "section": "lookups",
        },
    )


@require_POST
def withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    """Rút lại sự đồng ý (Decree 13/2023 art. 12), from the citizen's account page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        services.withdraw_consent(consent_id, citizen=request.user)
    except NotFound:
        raise PermissionDenied from None
    messages.success(request, _("Đã rút lại sự đồng ý. Các lần tra cứu sau sẽ cần bạn đồng ý lại."))
    return redirect("portal:account")
