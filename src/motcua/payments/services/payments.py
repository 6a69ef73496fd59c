"""Payments of a dossier's fees: start one, settle it from a gateway callback, at the counter or
from the bank statement, expire it, refund it.

Every settlement goes through ``_settle`` in one transaction that locks the dossier, then the
payment (always in that order), marks the payment paid, moves a dossier waiting in "fee_requested"
(national status 6) back to "received" through ``lifecycle.fee_paid`` and queues the
"payment_received" notice. Network calls to gateways happen outside transactions.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from motcua.core import clock, outbox
from motcua.core.actor import SYSTEM, Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, DomainError, ValidationError, not_found
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.transitions import lock
from motcua.dossiers.statuses import CLOSED, Status
from motcua.payments import conf, vietqr
from motcua.payments.gateways import Gateway, Verdict, gateway
from motcua.payments.gateways import channels as gateway_channels
from motcua.payments.models import FeeAssessment, Payment, PaymentCallback
from motcua.payments.services import receipts
from motcua.payments.services.access import is_owner, is_system, require_cashier, require_payer
from motcua.payments.services.fees import assess_fees, outstanding
from motcua.payments.services.http import GatewayError

COUNTER = (Payment.Channel.CASH, Payment.Channel.POS)
# Closed without money: a notification that reports them paid comes too late and is refused.
CLOSED_UNPAID = (Payment.Status.EXPIRED, Payment.Status.CANCELLED)


@dataclass(frozen=True)
class Started:
    payment: Payment
    redirect_url: str = ""
    vietqr: dict[str, Any] | None = None


def new_reference() -> str:
    """Return a fresh payment reference: "MC" and 14 upper-case letters or digits (vnp_TxnRef-safe)."""
    return "MC" + get_random_string(14, allowed_chars=string.ascii_uppercase + string.digits)


def online_channels() -> list[str]:
    """The channels a citizen pays online by: every registered gateway, then VietQR."""
    return [*gateway_channels(), Payment.Channel.VIETQR]


def _lines_snapshot(assessment: FeeAssessment) -> list[dict[str, Any]]:
    return [
        {"kind": line.kind, "name": line.name, "listed": line.listed, "charged": line.charged, "reason": line.reason}
        for line in assessment.lines.all()
    ]


def _expire_stale(dossier: Dossier, now: datetime) -> None:
    for p in Payment.objects.select_for_update().filter(
        dossier=dossier, status=Payment.Status.PENDING, expires_at__lt=now
    ):
        p.status = Payment.Status.EXPIRED
        p.failure_reason = "expired"
        p.save(update_fields=["status", "failure_reason"])


def vietqr_info(payment: Payment) -> dict[str, Any]:
    return {
        "payload": payment.qr_payload,
        "bank_bin": conf.vietqr_bank_bin(),
        "bank_name": conf.vietqr_bank_name(),
        "account_number": conf.vietqr_account(),
        "account_name": conf.vietqr_account_name(),
        "amount": payment.amount,
        "currency": payment.currency,
        "content": payment.transfer_content,
        "expires_at": payment.expires_at,
    }


def start_payment(dossier_id: int, *, actor: Actor, channel: str) -> Started:
    """Start paying the outstanding fees of a dossier online; never leave two payments open.

    A gateway's channel goes through its client (``gateways.gateway(channel)``): gateway_a sends
    the signed INIT to the platform (outside the transaction) and returns its payment URL,
    gateway_b returns the signed redirect URL. vietqr returns the QR payload (a live pending
    VietQR payment of the same amount is reused: it is the same transfer).

    A gateway payment is always a new transaction. Whatever was still pending is closed first:
    a pending gateway payment is asked for its status (it may have been paid while its notification
    was lost: then it is settled and nothing is due any more), and what is still open is then
    cancelled ("cancelled", kept in the list with that state). A notification that arrives later
    for a cancelled payment is refused like a late one, so the gateway reverses it.
    """
    if channel not in online_channels():
        raise ValidationError(
            _("Hình thức thanh toán không hợp lệ."),
            code="bad_channel",
            details={"channel": channel, "allowed": online_channels()},
        )
    client = None if channel == Payment.Channel.VIETQR else gateway(channel)
    existing = Dossier.objects.filter(pk=dossier_id).first()
    if existing is None:
        raise not_found("dossier")
    require_payer(actor, existing)
    assess_fees(dossier_id, actor=SYSTEM if is_system(actor) or not is_owner(actor.user, existing) else actor)
    _ask_open_gateway_payments(dossier_id, actor)
    now = clock.now()
    with transaction.atomic():
        dossier = lock(dossier_id)
        require_payer(actor, dossier)
        if Status(dossier.status) in CLOSED:
            raise Conflict(_("Hồ sơ đã kết thúc, không thể thanh toán."), code="dossier_closed")
        _expire_stale(dossier, now)
        due = outstanding(dossier)
        if due <= 0:
            raise Conflict(_("Hồ sơ không còn khoản phí, lệ phí nào phải nộp."), code="nothing_due")
        if channel == Payment.Channel.VIETQR:
            live = Payment.objects.filter(
                dossier=dossier, channel=channel, status=Payment.Status.PENDING, amount=due
            ).first()
            if live is not None:
                _cancel_open(dossier, actor, keep=live)
                return _started(live)
        assessment = FeeAssessment.objects.get(dossier=dossier)
        expiry = conf.vietqr_expiry() if channel == Payment.Channel.VIETQR else conf.gateway_expiry()
        payment = Payment.objects.create(
            dossier=dossier,
            reference=new_reference(),
            amount=due,
            channel=channel,
            expires_at=now + expiry,
            fee_lines=_lines_snapshot(assessment),
            payer_name=dossier.applicant_name,
            created_at=now,
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
        )
        _cancel_open(dossier, actor, keep=payment)
        if client is None:  # VietQR
            payment.transfer_content = dossier.code
            payment.qr_payload = vietqr.payload(
                vietqr.Transfer(
                    bank_bin=conf.vietqr_bank_bin(), account=conf.vietqr_account(), amount=due, content=dossier.code
                )
            )
            payment.save(update_fields=["transfer_content", "qr_payload"])
            return _started(payment)
        start = client.start(payment)
        if start.request is None:
            payment.payment_url = start.redirect_url
            payment.save(update_fields=["payment_url"])
            return _started(payment)
    return _send(payment.pk, client, start.request)


def _ask_open_gateway_payments(dossier_id: int, actor: Actor) -> None:
    """Ask the gateway about each pending, unexpired gateway payment (a signed status query, no lock held).

    One that was paid is settled here; one the gateway cannot be asked about stays pending and is
    cancelled by the caller, and a late notification of it is then refused (outcome "late").
    """
    pending = Payment.objects.filter(
        dossier_id=dossier_id,
        status=Payment.Status.PENDING,
        channel__in=gateway_channels(),
        expires_at__gte=clock.now(),
    ).exclude(payment_url="")
    for pk in pending.values_list("pk", flat=True):
        try:
            query_status(pk, actor=actor)
        except DomainError:  # unreachable or refused: the payment is cancelled all the same
            continue


def _cancel_open(dossier: Dossier, actor: Actor, *, keep: Payment) -> None:
    """Cancel every other pending payment of the locked ``dossier``: at most one stays open."""
    for p in (
        Payment.objects.select_for_update().filter(dossier=dossier, status=Payment.Status.PENDING).exclude(pk=keep.pk)
    ):
        p.status = Payment.Status.CANCELLED
        p.failure_reason = f"superseded by {keep.reference}"
        p.save(update_fields=["status", "failure_reason"])
        audit(
            actor=actor.user,
            action="payments.cancelled",
            obj=p,
            changes={"dossier": dossier.code, "status": ["pending", "cancelled"], "replaced_by": keep.reference},
        )


def _started(payment: Payment) -> Started:
    if payment.channel == Payment.Channel.VIETQR:
        return Started(payment=payment, vietqr=vietqr_info(payment))
    return Started(payment=payment, redirect_url=payment.payment_url)


# --- starting at a gateway -----------------------------------------------------------------


def _send(payment_id: int, client: Gateway, request: dict[str, Any]) -> Started:
    """Send the start request of a payment (no transaction held) and record the gateway's answer."""
    try:
        sent = client.send(request)
    except GatewayError as exc:
        _fail(payment_id, "init_unreachable", {"request": request}, {})
        raise exc
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        PaymentCallback.objects.create(
            payment=payment,
            channel=payment.channel,
            kind="init",
            received_at=clock.now(),
            raw={"request": request, "answer": sent.answer},
            signature_ok=sent.signature_ok,
            outcome="accepted" if sent.accepted else "rejected",
        )
        if (
            not sent.accepted
            or sent.reference != payment.reference
            or _origin(sent.redirect_url) not in conf.gateway_origins()
        ):
            payment.status = Payment.Status.FAILED
            payment.failure_reason = f"init refused: {sent.code}"[:300]
            payment.save(update_fields=["status", "failure_reason"])
            failed = True
        else:
            payment.payment_url = sent.redirect_url
            payment.gateway_reference = sent.gateway_reference[:100]
            payment.save(update_fields=["payment_url", "gateway_reference"])
            failed = False
    if failed:
        raise GatewayError(
            _("Cổng thanh toán từ chối yêu cầu thanh toán."), code="gateway_refused", details=sent.details
        )
    return _started(payment)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _fail(payment_id: int, reason: str, raw: dict[str, Any], answer: dict[str, Any]) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        PaymentCallback.objects.create(
            payment=payment,
            channel=payment.channel,
            kind="init",
            received_at=clock.now(),
            raw=raw,
            signature_ok=False,
            outcome=reason,
            answer=answer,
        )
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.FAILED
            payment.failure_reason = reason
            payment.save(update_fields=["status", "failure_reason"])


# --- result notifications -------------------------------------------------------------------


def notify(channel: str, body: dict[str, Any]) -> dict[str, Any]:
    """Handle a gateway's result notification (callback, IPN); return the answer to send back.

    The gateway's client checks the signature and merchant code and reads the notice; here come
    the payment, the amount and currency, then whether it is still open and unexpired. A repeated
    notification of a settled payment changes nothing.
    """
    client = gateway(channel)
    notice = client.read(body)

    def reply(p: Payment | None, verdict: Verdict) -> dict[str, Any]:
        return _record(p, channel, body, notice.signed, verdict.outcome, client.answer(notice, verdict))

    if not notice.signed:
        return reply(None, Verdict.BAD_SIGNATURE)
    payment = Payment.objects.filter(reference=notice.reference, channel=channel).first()
    if payment is None:
        return reply(None, Verdict.NOT_FOUND)
    with transaction.atomic():
        lock(payment.dossier_id)
        p = Payment.objects.select_for_update().get(pk=payment.pk)
        if not notice.amount_ok(p.amount):
            return reply(p, Verdict.BAD_AMOUNT)
        if p.status != Payment.Status.PENDING:
            return reply(p, Verdict.CLOSED if p.status in CLOSED_UNPAID else Verdict.DUPLICATE)
        if p.expires_at is not None and clock.now() > p.expires_at:
            _expire(p, "late_callback")
            return reply(p, Verdict.EXPIRED)
        if notice.paid:
            _settle(p, gateway_reference=notice.gateway_reference or p.gateway_reference, actor=SYSTEM)
        else:
            _mark_failed(p, notice.failure_reason, notice.gateway_reference)
        return reply(p, Verdict.PAID if notice.paid else Verdict.FAILED)


def national_notify(body: dict[str, Any]) -> dict[str, Any]:
    """Gateway A's signed result notification (``{"MaLoi": ...}`` answered)."""
    return notify(Payment.Channel.GATEWAY_A, body)


def vnpay_ipn(params: dict[str, Any]) -> dict[str, Any]:
    """Gateway B's IPN; the JSON answer is ``{"RspCode", "Message"}``."""
    return notify(Payment.Channel.GATEWAY_B, params)


# --- status query -----------------------------------------------------------------------------


def query_status(payment_id: int, *, actor: Actor) -> Payment:
    """Ask the gateway for the status of a pending payment; settle it if the signed answer says paid."""
    payment = Payment.objects.select_related("dossier").filter(pk=payment_id).first()
    if payment is None:
        raise not_found("payment")
    require_payer(actor, payment.dossier)
    if payment.status != Payment.Status.PENDING or payment.channel not in gateway_channels():
        return payment
    status = gateway(payment.channel).query(payment)
    ok, state, amount_ok, txn, answer = (
        status.signature_ok,
        status.state,
        status.amount_ok,
        status.gateway_reference,
        status.answer,
    )
    with transaction.atomic():
        lock(payment.dossier_id)
        p = Payment.objects.select_for_update().get(pk=payment.pk)
        outcome = (
            "bad_signature"
            if not ok
            else (state if state == "not_found" else ("bad_amount" if not amount_ok else state))
        )
        if ok and amount_ok and p.status == Payment.Status.PENDING:
            if p.expires_at is not None and clock.now() > p.expires_at and state == "paid":
                _expire(p, "late_callback")
                outcome = "late"
            elif state == "paid":
                _settle(p, gateway_reference=txn[:100], actor=SYSTEM)
            elif state == "failed":
                _mark_failed(p, "query: failed", txn[:100])
        PaymentCallback.objects.create(
            payment=p,
            channel=p.channel,
            kind="query",
            received_at=clock.now(),
            raw={"answer": answer},
            signature_ok=ok,
            outcome=outcome,
        )
    p.refresh_from_db()
    return p


# --- at the counter -------------------------------------------------------------------------


def record_counter_payment(
    dossier_id: int, *, actor: Actor, channel: str, amount: int, receipt_no: str = "", payer_name: str = ""
) -> Payment:
    """Record fees paid in cash or by card (POS) at the counter, by a reception officer."""
    if channel not in COUNTER:
        raise ValidationError(
            _("Hình thức thanh toán không hợp lệ."),
            code="bad_channel",
            details={"channel": channel, "allowed": list(COUNTER)},
        )
    if channel == Payment.Channel.POS and not receipt_no.strip():
        raise ValidationError(_("Vui lòng nhập số hóa đơn POS."), code="required", details={"field": "receipt_no"})
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None:
        raise not_found("dossier")
    require_cashier(actor, dossier)
    assess_fees(dossier_id, actor=actor)
    now = clock.now()
    with transaction.atomic():
        dossier = lock(dossier_id)
        _expire_stale(dossier, now)
        due = outstanding(dossier)
        if due <= 0:
            raise Conflict(_("Hồ sơ không còn khoản phí, lệ phí nào phải nộp."), code="nothing_due")
        if Payment.objects.filter(dossier=dossier, status=Payment.Status.PENDING).exists():
            raise Conflict(_("Đang có một khoản thanh toán trực tuyến chờ kết quả."), code="payment_pending")
        if amount != due:
            raise ValidationError(
                _("Số tiền phải bằng số phải nộp: %(due)s đồng.") % {"due": f"{due:,}".replace(",", ".")},
                code="bad_amount",
                details={"due": due, "amount": amount},
            )
        assessment = FeeAssessment.objects.get(dossier=dossier)
        payment = Payment.objects.create(
            dossier=dossier,
            reference=new_reference(),
            amount=due,
            channel=channel,
            created_at=now,
            fee_lines=_lines_snapshot(assessment),
            payer_name=(payer_name.strip() or dossier.applicant_name)[:200],
            gateway_reference=receipt_no.strip()[:100],
            created_by=actor.user,
            recorded_by=actor.user,
        )
        audit(
            actor=actor.user,
            action="payments.counter_payment",
            obj=payment,
            changes={"dossier": dossier.code, "channel": channel, "amount": due, "receipt_no": receipt_no.strip()},
        )
        _settle(payment, gateway_reference=payment.gateway_reference, actor=actor)
    return payment


def record_platform_confirmation(
    dossier_id: int, *, transaction_id: str, amount: int, payer_name: str = "", source: str = "national_portal"
) -> tuple[str, Payment | None]:
    """Reconcile a confirmation of the national payment platform (paid on the national portal) with the fees.

    Idempotent by the platform's transaction id (``gateway_reference``). A pending payment of the
    national gateway for that amount is settled; otherwise, when the amount is what is due, a payment
    of that channel is recorded and settled. Returns ``(outcome, payment)``: ``"settled"``,
    ``"duplicate"`` (seen before), ``"nothing_due"`` or ``"amount_differs"`` (left for an officer).
    """
    seen = Payment.objects.filter(channel=Payment.Channel.GATEWAY_A, gateway_reference=transaction_id).first()
    if seen is not None:
        return "duplicate", seen
    assess_fees(dossier_id, actor=SYSTEM)
    with transaction.atomic():
        dossier = lock(dossier_id)
        if Payment.objects.filter(channel=Payment.Channel.GATEWAY_A, gateway_reference=transaction_id).exists():
            return "duplicate", Payment.objects.get(channel=Payment.Channel.GATEWAY_A, gateway_reference=transaction_id)
        due = outstanding(dossier)
        if due <= 0:
            return "nothing_due", None
        if amount != due:
            return "amount_differs", None
        payment = (
            Payment.objects.select_for_update()
            .filter(dossier=dossier, channel=Payment.Channel.GATEWAY_A, status=Payment.Status.PENDING, amount=amount)
            .order_by("-created_at")
            .first()
        )
        if payment is None:
            payment = Payment.objects.create(
                dossier=dossier,
                reference=new_reference(),
                amount=due,
                channel=Payment.Channel.GATEWAY_A,
                created_at=clock.now(),
                fee_lines=_lines_snapshot(FeeAssessment.objects.get(dossier=dossier)),
                payer_name=(payer_name.strip() or dossier.applicant_name)[:200],
            )
        audit(
            actor=None,
            action="payments.platform_confirmation",
            obj=payment,
            changes={"dossier": dossier.code, "amount": amount, "transaction": transaction_id, "source": source},
        )
        _settle(payment, gateway_reference=transaction_id[:100], actor=SYSTEM)
    return "settled", payment


# --- refunds and expiry ---------------------------------------------------------------------


def refund_payment(payment_id: int, *, actor: Actor, reason: str) -> Payment:
    """Record that a paid payment was refunded (hoàn trả), with the reason; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Vui lòng nêu lý do hoàn tiền."), code="reason_required", details={"field": "reason"})
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise not_found("payment")
    if not getattr(actor.user, "is_superuser", False):
        require_cashier(actor, payment.dossier)
    with transaction.atomic():
        lock(payment.dossier_id)
        p = Payment.objects.select_for_update().get(pk=payment_id)
        if p.status != Payment.Status.PAID:
            raise Conflict(_("Chỉ hoàn tiền khoản đã thanh toán."), code="not_paid", details={"status": p.status})
        p.status = Payment.Status.REFUNDED
        p.refunded_at = clock.now()
        p.refund_reason = reason
        p.save(update_fields=["status", "refunded_at", "refund_reason"])
        audit(
            actor=actor.user,
            action="payments.refund",
            obj=p,
            changes={"status": ["paid", "refunded"], "amount": p.amount, "reason": reason},
        )
    return p


def expire_overdue() -> int:
    """Mark pending payments past their expiry as expired; return how many."""
    now = clock.now()
    count = 0
    for pk in Payment.objects.filter(status=Payment.Status.PENDING, expires_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            p = Payment.objects.select_for_update().get(pk=pk)
            if p.status == Payment.Status.PENDING:
                _expire(p, "expired")
                count += 1
    return count


# --- shared steps -----------------------------------------------------------------------------


def _expire(p: Payment, reason: str) -> None:
    p.status = Payment.Status.EXPIRED
    p.failure_reason = reason
    p.save(update_fields=["status", "failure_reason"])


def _mark_failed(p: Payment, reason: str, txn: str) -> None:
    p.status = Payment.Status.FAILED
    p.failure_reason = reason[:300]
    p.gateway_reference = txn or p.gateway_reference
    p.save(update_fields=["status", "failure_reason", "gateway_reference"])


def _settle(p: Payment, *, gateway_reference: str, actor: Actor) -> None:
    """Mark ``p`` paid; resume a dossier waiting for its fees; queue the notice. Inside a transaction."""
    p.status = Payment.Status.PAID
    p.paid_at = clock.now()
    p.gateway_reference = gateway_reference
    p.save(update_fields=["status", "paid_at", "gateway_reference"])
    # The receipt's number is taken in this transaction: a rollback gives it back (no gap).
    receipts.issue_for_payment(p, actor=actor)
    dossier = Dossier.objects.get(pk=p.dossier_id)
    if outstanding(dossier) == 0:  # paid in full: nothing else may stay open to be paid twice
        _cancel_open(dossier, actor, keep=p)
    if dossier.status == Status.FEE_REQUESTED and outstanding(dossier) == 0:
        lifecycle.fee_paid(
            dossier.pk,
            actor=actor,
            note=_("Đã nộp phí, lệ phí: %(amount)s đồng (%(channel)s).")
            % {"amount": f"{p.amount:,}".replace(",", "."), "channel": p.get_channel_display()},
        )
    outbox.enqueue(
        topic="notify",
        key=f"payment_received:{p.pk}",
        payload={
            "event": "payment_received",
            "dossier_id": dossier.pk,
            "user_id": dossier.applicant_id,
            "email": dossier.applicant_email,
            "phone": dossier.applicant_phone,
            "context": {
                "code": dossier.code,
                "amount": str(p.amount),
                "channel": str(p.get_channel_display()),
                "reference": p.reference,
                "receipt_url": conf.public_url() + reverse("payments:receipt", args=[p.pk]),
            },
        },
    )


def _record(
    p: Payment | None, channel: str, raw: dict[str, Any], signature_ok: bool, outcome: str, answer: dict[str, Any]
) -> dict[str, Any]:
    PaymentCallback.objects.create(
        payment=p,
        channel=channel,
        kind="notify",
        received_at=clock.now(),
        raw=dict(raw),
        signature_ok=signature_ok,
        outcome=outcome,
        answer=answer,
    )
    return answer
