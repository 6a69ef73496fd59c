"""The postal orders of dossiers: request them, send them through the outbox, follow their status.

Decision 45/2016/QĐ-TTg (receiving dossiers and returning results of administrative procedures by
public post). Each order is sent by the outbox after the commit that requested it (topic
``postal.create``), retried while the operator is down, slow or answers garbage, and never made
twice: the operator is idempotent by our reference. Every hand-over the operator reports (picked
up, delivered, returned, failed) is a line of the dossier's history, in the transaction that
records it; a delivered result completes the return (``lifecycle.return_result``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError, not_found
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.transitions import lock, record_event
from motcua.dossiers.statuses import FINISHED, Status
from motcua.organisation.models import AdminUnit, Agency
from motcua.organisation.permissions import roles_at
from motcua.postal import conf
from motcua.postal.models import PostalEvent, PostalOrder
from motcua.postal.operators import OperatorError, OperatorRefused, operator

OPERATOR = "vnpost"
# Statuses the order may be re-sent from (a new reference: the operator keeps the old order).
RETRYABLE = frozenset({PostalOrder.Status.REJECTED, PostalOrder.Status.FAILED, PostalOrder.Status.RETURNED})
# The operator's statuses that are a hand-over, written into the dossier's history.
HAND_OVERS = {
    "picked_up": "postal_picked_up",
    "delivered": "postal_delivered",
    "returned": "postal_returned",
    "failed": "postal_failed",
}
POSTAL_ACTOR = Actor(user=None, channel="system", on_behalf_of="VNPost", note_visibility="applicant")


@dataclass(frozen=True)
class Address:
    name: str
    phone: str
    province_code: str
    commune_code: str
    street: str


def clean_address(address: Address) -> tuple[AdminUnit, AdminUnit]:
    """Check the address: name, phone, street, and a commune of the province (units after 1 July 2025)."""
    errors: dict[str, str] = {}
    if not address.name.strip():
        errors["post_name"] = _("Vui lòng nhập họ tên người nhận.")
    digits = "".join(ch for ch in address.phone if ch.isdigit())
    if not 9 <= len(digits) <= 11:
        errors["post_phone"] = _("Số điện thoại không hợp lệ.")
    if not address.street.strip():
        errors["post_street"] = _("Vui lòng nhập số nhà, đường, thôn.")
    province = AdminUnit.objects.filter(code=address.province_code, kind=AdminUnit.Kind.PROVINCE).first()
    commune = AdminUnit.objects.filter(code=address.commune_code, kind=AdminUnit.Kind.COMMUNE).first()
    if province is None:
        errors["post_province"] = _("Vui lòng chọn tỉnh, thành phố.")
    elif commune is None or commune.parent_id != province.pk:
        errors["post_commune"] = _("Vui lòng chọn xã, phường, đặc khu thuộc tỉnh, thành phố đã chọn.")
    if errors:
        raise ValidationError(
            _("Địa chỉ nhận qua bưu chính chưa đầy đủ."), code="invalid_postal_address", details={"fields": errors}
        )
    assert province is not None and commune is not None
    return province, commune


def home_province(agency: Agency) -> AdminUnit | None:
    """The province of a receiving agency (its unit's parent, or the unit itself for a provincial body)."""
    unit = agency.admin_unit
    return unit.parent if unit is not None and unit.parent_id else unit


def fee_between(agency: Agency, province: AdminUnit) -> int:
    """The fee table (a setting): a delivery in the agency's province, or outside it."""
    home = home_province(agency)
    return conf.fee_same_province() if home is not None and home.pk == province.pk else conf.fee_other_province()


def fee_for(dossier: Dossier, province: AdminUnit) -> int:
    """The fee shown to the applicant: the fee table (a setting), in or outside the agency's province."""
    return fee_between(dossier.receiving_agency, province)


def require_reception(actor: Actor, dossier: Dossier) -> None:
    if actor.user is None and actor.channel == "system":
        return
    if "reception" not in roles_at(actor.user, dossier.receiving_agency_id):
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận, trả kết quả của cơ quan tiếp nhận được tạo đơn bưu chính."))


def _history(dossier: Dossier, action: str, note: str, data: dict[str, Any], actor: Actor) -> None:
    status = Status(dossier.status)
    record_event(
        dossier,
        action=action,
        actor=actor,
        role="system" if actor.user is None else "reception",
        before=status,
        after=status,
        note=note,
        data=data,
    )


def _enqueue(order: PostalOrder) -> None:
    outbox.enqueue(topic="postal.create", key=f"postal-create:{order.reference}", payload={"order_id": order.pk})


def request_order(
    dossier_id: int, *, direction: str, address: Address, actor: Actor, send_now: bool | None = None
) -> PostalOrder:
    """Ask for a pickup (papers) or delivery (result) of a dossier by post.

    A pickup is sent at once; a delivery waits for the result (``send_now`` False) unless the dossier
    is finished already. One transaction: the order, its history line, the outbox message.
    """
    if direction not in PostalOrder.Direction.values:
        raise ValidationError(_("Chiều chuyển phát không hợp lệ."), code="bad_direction")
    province, commune = clean_address(address)
    with transaction.atomic():
        dossier = lock(dossier_id)
        if actor.user is None or dossier.applicant_id != actor.user.pk:  # the applicant, or the desk
            require_reception(actor, dossier)
        if direction == PostalOrder.Direction.DELIVERY and Status(dossier.status) == Status.RETURNED:
            raise Conflict(_("Hồ sơ đã trả kết quả."), code="already_returned")
        now = clock.now()
        if send_now is None:
            send_now = direction == PostalOrder.Direction.PICKUP or Status(dossier.status) in FINISHED
        attempt = PostalOrder.objects.filter(dossier=dossier, direction=direction).count() + 1
        order = PostalOrder.objects.create(
            dossier=dossier,
            direction=direction,
            operator=OPERATOR,
            reference=f"{dossier.code}:{direction}" + (f":{attempt}" if attempt > 1 else ""),
            status=PostalOrder.Status.QUEUED if send_now else PostalOrder.Status.WAITING,
            name=address.name.strip()[:200],
            phone=address.phone.strip()[:20],
            province=province,
            commune=commune,
            street=address.street.strip()[:300],
            fee_quoted=fee_for(dossier, province),
            created_at=now,
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
        )
        PostalEvent.objects.create(order=order, status=order.status, at=now)
        action = "postal_pickup_requested" if direction == PostalOrder.Direction.PICKUP else "postal_delivery_requested"
        _history(dossier, action, order.address, {"reference": order.reference, "fee": order.fee_quoted}, actor)
        if send_now:
            _enqueue(order)
    return order


def send_waiting(dossier_id: int) -> int:
    """The result is ready: send the delivery orders that waited for it (idempotent). Returns how many."""
    with transaction.atomic():
        dossier = lock(dossier_id)
        if Status(dossier.status) not in FINISHED:
            return 0
        waiting = list(
            PostalOrder.objects.select_for_update().filter(dossier=dossier, status=PostalOrder.Status.WAITING)
        )
        for order in waiting:
            order.status = PostalOrder.Status.QUEUED
            order.save(update_fields=["status"])
            PostalEvent.objects.create(order=order, status=order.status, at=clock.now())
            _enqueue(order)
    return len(waiting)


def retry(order_id: int, *, actor: Actor) -> PostalOrder:
    """Send a delivery again: a failed, refused or returned order is followed by a new one (new reference);
    an order still waiting is sent now."""
    order = PostalOrder.objects.select_related("dossier", "province", "commune").filter(pk=order_id).first()
    if order is None:
        raise not_found("postal_order")
    require_reception(actor, order.dossier)
    if order.status == PostalOrder.Status.WAITING:
        with transaction.atomic():
            lock(order.dossier_id)
            order = PostalOrder.objects.select_for_update().get(pk=order_id)
            if order.status == PostalOrder.Status.WAITING:
                order.status = PostalOrder.Status.QUEUED
                order.save(update_fields=["status"])
                PostalEvent.objects.create(order=order, status=order.status, at=clock.now(), note="sent by hand")
                _enqueue(order)
        return order
    if order.status not in RETRYABLE:
        raise Conflict(_("Đơn này đang được bưu chính xử lý, không gửi lại được."), code="postal_in_progress")
    address = Address(order.name, order.phone, order.province.code, order.commune.code, order.street)
    return request_order(order.dossier_id, direction=order.direction, address=address, actor=actor, send_now=True)


# --- delivery by the outbox ------------------------------------------------------------------


@outbox.register("postal.create")
def deliver_create(payload: dict[str, Any]) -> None:
    """Send one order to the operator (outside any transaction); record the answer or the error.

    Down, slow or garbage: the error is kept on the order for the official and the outbox retries;
    a refusal fails the message for good. A repeated delivery sends the same reference, so the
    operator answers with the order it made the first time.
    """
    order = PostalOrder.objects.select_related("dossier__receiving_agency", "province", "commune").get(
        pk=payload["order_id"]
    )
    if order.status != PostalOrder.Status.QUEUED:
        return  # sent already
    try:
        created = operator(order.operator).create(order)
    except OperatorRefused as exc:
        _mark(order.pk, error=str(exc.message), status=PostalOrder.Status.REJECTED)
        raise outbox.PermanentError(str(exc.message)) from None
    except OperatorError as exc:
        _mark(order.pk, error=str(exc.message))
        raise
    with transaction.atomic():
        o = PostalOrder.objects.select_for_update().get(pk=order.pk)
        if o.status != PostalOrder.Status.QUEUED:
            return
        o.status, o.tracking_number, o.fee = PostalOrder.Status.ACCEPTED, created.tracking_number, created.fee
        o.sent_at, o.last_error = clock.now(), ""
        o.save(update_fields=["status", "tracking_number", "fee", "sent_at", "last_error"])
        PostalEvent.objects.create(order=o, status=o.status, at=o.sent_at, raw=created.raw)


def _mark(order_id: int, *, error: str, status: str | None = None) -> None:
    with transaction.atomic():
        o = PostalOrder.objects.select_for_update().get(pk=order_id)
        o.last_error = error[:500]
        fields = ["last_error"]
        if status is not None:
            o.status = status
            fields.append("status")
            PostalEvent.objects.create(order=o, status=status, at=clock.now(), note=error[:500])
        o.save(update_fields=fields)


# --- the operator's status webhook -------------------------------------------------------------


@dataclass(frozen=True)
class WebhookAnswer:
    http_status: int
    body: dict[str, Any]


def receive_status(operator_name: str, body: bytes, signature: str) -> WebhookAnswer:
    """Handle a signed status webhook: 403 bad signature, 400 bad body, 404 unknown order,
    200 ``duplicate`` for an event id seen before (nothing written), else 200 ``ok``."""
    try:
        client = operator(operator_name)
        notice = client.read(body, signature)
    except (OperatorError, NotFound, LookupError):
        return WebhookAnswer(404, {"code": "not_found", "message": "unknown operator"})
    except ValueError:
        return WebhookAnswer(400, {"code": "bad_request", "message": "body is not a JSON object"})
    if not notice.signed:
        return WebhookAnswer(403, {"code": "bad_signature", "message": "signature does not match"})
    if not notice.event_id or notice.status not in PostalOrder.Status.values:
        return WebhookAnswer(400, {"code": "bad_request", "message": "EventId and a known Status are required"})
    found = PostalOrder.objects.filter(reference=notice.reference, operator=operator_name).first()
    if found is None:
        return WebhookAnswer(404, {"code": "not_found", "message": "unknown order"})
    with transaction.atomic():
        dossier = lock(found.dossier_id)
        order = PostalOrder.objects.select_for_update().get(pk=found.pk)
        if PostalEvent.objects.filter(event_id=notice.event_id).exists():
            return WebhookAnswer(200, {"status": "duplicate"})
        now = clock.now()
        PostalEvent.objects.create(
            order=order, event_id=notice.event_id, status=notice.status, at=now, note=notice.note, raw=notice.raw
        )
        order.status = notice.status
        if notice.tracking_number and not order.tracking_number:
            order.tracking_number = notice.tracking_number
        order.save(update_fields=["status", "tracking_number"])
        action = HAND_OVERS.get(notice.status)
        if action is not None:
            data = {
                "reference": order.reference,
                "tracking_number": order.tracking_number,
                "direction": order.direction,
                "event_id": notice.event_id,
            }
            _history(dossier, action, notice.note, data, POSTAL_ACTOR)
            if action == "postal_delivered" and order.direction == PostalOrder.Direction.DELIVERY:
                _complete_return(dossier, order)
    return WebhookAnswer(200, {"status": "ok"})


def _complete_return(dossier: Dossier, order: PostalOrder) -> None:
    """A delivered result closes the return (Trả kết quả), in the webhook's transaction."""
    if Status(dossier.status) not in {Status.RESULT_READY, Status.REFUSED}:
        return
    note = _("Đã trả kết quả qua dịch vụ bưu chính công ích, mã vận đơn %(item)s.") % {"item": order.tracking_number}
    try:
        with transaction.atomic():
            lifecycle.return_result(dossier.pk, actor=POSTAL_ACTOR, note=note)
    except InvalidTransition:
        return  # the process still holds the return: the desk completes it by hand
