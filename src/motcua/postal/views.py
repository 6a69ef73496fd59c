"""The postal pages and endpoints: the operator's webhook, the communes of a province, and the
back office's "create / send again" of a delivery order."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.core.actor import Actor
from motcua.core.errors import DomainError, NotFound, ValidationError
from motcua.dossiers import selectors
from motcua.organisation.models import AdminUnit
from motcua.postal import services
from motcua.postal.models import PostalOrder
from motcua.postal.operators import vnpost


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, operator: str) -> JsonResponse:
    """The operator's signed status webhook (no session: trusted only through its signature)."""
    answer = services.receive_status(operator, request.body, request.headers.get(vnpost.SIGNATURE_HEADER, ""))
    return JsonResponse(answer.body, status=answer.http_status)


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """The communes of a province (public data): ``?tinh=<code>`` → ``[{"code", "name"}]``."""
    code = request.GET.get("tinh", "")
    rows = AdminUnit.objects.filter(kind=AdminUnit.Kind.COMMUNE, parent__code=code).order_by("name")
    return JsonResponse({"province": code, "communes": [{"code": c.code, "name": c.name} for c in rows]})


def address_from(post: Any, default_name: str = "", default_phone: str = "") -> services.Address:
    get = post.get
    return services.Address(
        name=str(get("post_name", "") or default_name).strip(),
        phone=str(get("post_phone", "") or default_phone).strip(),
        province_code=str(get("post_province", "")).strip(),
        commune_code=str(get("post_commune", "")).strip(),
        street=str(get("post_street", "")).strip(),
    )


@require_POST
@login_required
def create_delivery(request: HttpRequest, code: str) -> HttpResponse:
    """Back office: create a delivery order of the result (reception officer of the receiving body)."""
    try:
        dossier = selectors.get_visible(request.user, code)
    except NotFound:
        raise Http404 from None
    actor = Actor(user=request.user, channel="web")
    address = address_from(request.POST, dossier.applicant_name, dossier.applicant_phone)
    try:
        services.require_reception(actor, dossier)
        services.request_order(dossier.pk, direction=PostalOrder.Direction.DELIVERY, address=address, actor=actor)
    except ValidationError as exc:
        fields = (exc.details or {}).get("fields", {}) if isinstance(exc.details, dict) else {}
        messages.error(request, " ".join([str(exc.message), *map(str, fields.values())]))
    except DomainError as exc:
        if exc.http_status == 403:
            return JsonResponse({"code": exc.code, "message": str(exc.message)}, status=403)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã tạo đơn chuyển phát kết quả qua bưu chính."))
    return redirect("backoffice:dossier", dossier.code)


@require_POST
@login_required
def retry(request: HttpRequest, order_id: int) -> HttpResponse:
    """Back office: send a delivery order now, or again after it failed."""
    order = PostalOrder.objects.select_related("dossier").filter(pk=order_id).first()
    if order is None:
        raise Http404
    try:
        dossier = selectors.get_visible(request.user, order.dossier.code)
    except NotFound:
        raise Http404 from None
    try:
        services.retry(order.pk, actor=Actor(user=request.user, channel="web"))
    except DomainError as exc:
        if exc.http_status == 403:
            return JsonResponse({"code": exc.code, "message": str(exc.message)}, status=403)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Đã gửi lại yêu cầu đến bưu chính."))
    return redirect("backoffice:dossier", dossier.code)
