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
from motcua.payments.gateways import national, vnpay_style
from motcua.payments.models import FeeAssessment, Payment, PaymentCallback
from motcua.payments.services.access import is_owner, is_system, require_cashier, require_payer
from motcua.payments.services.fees import assess_fees, outstanding
from motcua.payments.services.http import GatewayError, post_json

ONLINE = (Payment.Channel.GATEWAY_A, Payment.Channel.GATEWAY_B, Payment.Channel.VIETQR)
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


def return_url(payment: Payment) -> str:
    return conf.public_url() + reverse("payments:result", args=[payment.reference])


def callback_url(channel: str) -> str:
    name = {"gateway_a": "api-v1:national_callback", "gateway_b": "api-v1:vnpay_ipn"}[channel]
    return conf.public_url() + reverse(name)


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

    gateway_a: sends the signed INIT to the platform (outside the transaction) and returns its
    payment URL; gateway_b: returns the signed redirect URL; vietqr: returns the QR payload (a live
    pending VietQR payment of the same amount is reused: it is the same transfer).

    A gateway payment is always a new transaction. Whatever was still pending is closed first:
    a pending gateway payment is asked for its status (it may have been paid while its notification
    was lost: then it is settled and nothing is due any more), and what is still open is then
    cancelled ("cancelled", kept in the list with that state). A notification that arrives later
    for a cancelled payment is refused like a late one, so the gateway reverses it.
    """
    if channel not in ONLINE:
        raise ValidationError(
            _("Hình thức thanh toán không hợp lệ."),
            code="bad_channel",
            details={"channel": channel, "allowed": list(ONLINE)},
        )
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
        if channel == Payment.Channel.VIETQR:
            payment.transfer_content = dossier.code
            payment.qr_payload = vietqr.payload(
                vietqr.Transfer(
                    bank_bin=conf.vietqr_bank_bin(), account=conf.vietqr_account(), amount=due, content=dossier.code
                )
            )
            payment.save(update_fields=["transfer_content", "qr_payload"])
            return _started(payment)
        if channel == Payment.Channel.GATEWAY_B:
            payment.payment_url = _vnpay_redirect(payment, dossier)
            payment.save(update_fields=["payment_url"])
            return _started(payment)
        init = _national_init(payment, dossier)
    return _send_national_init(payment.pk, init)


def _ask_open_gateway_payments(dossier_id: int, actor: Actor) -> None:
    """Ask the gateway about each pending, unexpired gateway payment (a signed status query, no lock held).

    One that was paid is settled here; one the gateway cannot be asked about stays pending and is
    cancelled by the caller, and a late notification of it is then refused (outcome "late").
    """
    pending = Payment.objects.filter(
        dossier_id=dossier_id,
        status=Payment.Status.PENDING,
        channel__in=[Payment.Channel.GATEWAY_A, Payment.Channel.GATEWAY_B],
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


# --- gateway A: national payment platform ---------------------------------------------------


def _national_init(payment: Payment, dossier: Dossier) -> dict[str, Any]:
    message = {
        "LoaiBanTin": "INIT",
        "PhienBan": national.VERSION,
        "MaDoiTac": conf.gateway_a_merchant(),
        "MaThamChieu": payment.reference,
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_version.procedure.code,
        "TenTTHC": dossier.procedure_version.name,
        "HoTenNguoiNop": dossier.applicant_name,
        "SoGiayToNguoiNop": dossier.applicant_id_number,
        "SoTien": payment.amount,
        "MaTienTe": "VND",
        "ThoiGianGD": national.timestamp(payment.created_at),
        "ThoiGianHetHan": national.timestamp(payment.expires_at or payment.created_at),
        "UrlTraVe": return_url(payment),
        "UrlThongBao": callback_url("gateway_a"),
        "DanhSachPhiLePhi": [
            {"LoaiPhiLePhi": line["kind"], "TenPhiLePhi": line["name"], "SoTien": line["charged"]}
            for line in payment.fee_lines
            if line["charged"] > 0
        ],
    }
    return national.sign(message, national.INIT_FIELDS, conf.gateway_a_secret())


def _send_national_init(payment_id: int, init: dict[str, Any]) -> Started:
    try:
        answer = post_json(f"{conf.gateway_a_url()}/init", init)
    except GatewayError as exc:
        _fail(payment_id, "init_unreachable", {"request": init}, {})
        raise exc
    ok = national.verify(answer, national.INIT_ANSWER_FIELDS, conf.gateway_a_secret())
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        PaymentCallback.objects.create(
            payment=payment,
            channel=payment.channel,
            kind="init",
            received_at=clock.now(),
            raw={"request": init, "answer": answer},
            signature_ok=ok,
            outcome="accepted" if ok and answer.get("MaLoi") == national.OK else "rejected",
        )
        url = str(answer.get("UrlThanhToan", ""))
        if (
            not ok
            or answer.get("MaLoi") != national.OK
            or answer.get("MaThamChieu") != payment.reference
            or _origin(url) not in conf.gateway_origins()
        ):
            payment.status = Payment.Status.FAILED
            payment.failure_reason = f"init refused: {answer.get('MaLoi', '')}"[:300]
            payment.save(update_fields=["status", "failure_reason"])
            failed = True
        else:
            payment.payment_url = url
            payment.gateway_reference = str(answer.get("MaGiaoDich", ""))[:100]
            payment.save(update_fields=["payment_url", "gateway_reference"])
            failed = False
    if failed:
        raise GatewayError(
            _("Cổng thanh toán từ chối yêu cầu thanh toán."),
            code="gateway_refused",
            details={"MaLoi": str(answer.get("MaLoi", ""))},
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


def national_notify(body: dict[str, Any]) -> dict[str, Any]:
    """Handle the platform's signed result notification; return the answer to send back.

    Checks the signature and partner code, the payment, the amount and currency, then the expiry.
    A repeated notification of a settled payment changes nothing and is answered "00".
    """
    secret = conf.gateway_a_secret()
    signed = national.verify(body, national.NOTIFY_FIELDS, secret) and body.get("MaDoiTac") == conf.gateway_a_merchant()
    payment = (
        Payment.objects.filter(reference=str(body.get("MaThamChieu", "")), channel=Payment.Channel.GATEWAY_A).first()
        if signed
        else None
    )

    def answer(code: str, text: str) -> dict[str, Any]:
        return national.sign(
            {"MaLoi": code, "MoTaLoi": text, "MaThamChieu": str(body.get("MaThamChieu", ""))},
            ("MaLoi", "MaThamChieu"),
            secret,
        )

    if not signed:
        return _record(None, "gateway_a", body, False, "bad_signature", answer(national.ERR_SIGNATURE, "Sai chữ ký"))
    if payment is None:
        return _record(None, "gateway_a", body, True, "not_found", answer(national.ERR_NOT_FOUND, "Không tìm thấy"))
    with transaction.atomic():
        lock(payment.dossier_id)
        p = Payment.objects.select_for_update().get(pk=payment.pk)
        success = body.get("TrangThai") == national.PAID
        txn = str(body.get("MaGiaoDich", ""))[:100]
        if str(body.get("SoTien")) != str(p.amount) or body.get("MaTienTe") != "VND":
            return _record(p, "gateway_a", body, True, "bad_amount", answer(national.ERR_AMOUNT, "Sai số tiền"))
        if p.status != Payment.Status.PENDING:
            if p.status in CLOSED_UNPAID:
                return _record(p, "gateway_a", body, True, "late", answer(national.ERR_EXPIRED, "Hết hạn"))
            return _record(p, "gateway_a", body, True, "duplicate", answer(national.OK, "Thành công"))
        if p.expires_at is not None and clock.now() > p.expires_at:
            _expire(p, "late_callback")
            return _record(p, "gateway_a", body, True, "late", answer(national.ERR_EXPIRED, "Hết hạn"))
        if success:
            _settle(p, gateway_reference=txn or p.gateway_reference, actor=SYSTEM)
        else:
            _mark_failed(p, f"TrangThai {body.get('TrangThai', '')}", txn)
        return _record(p, "gateway_a", body, True, "paid" if success else "failed", answer(national.OK, "Thành công"))


# --- gateway B: VNPay style -------------------------------------------------------------------


def _vnpay_redirect(payment: Payment, dossier: Dossier) -> str:
    params = {
        "vnp_Version": vnpay_style.VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": conf.gateway_b_merchant(),
        "vnp_Amount": str(payment.amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": payment.reference,
        "vnp_OrderInfo": f"Thanh toan phi le phi ho so {dossier.code}",
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url(payment),
        "vnp_IpAddr": "127.0.0.1",
        "vnp_CreateDate": vnpay_style.timestamp(payment.created_at),
        "vnp_ExpireDate": vnpay_style.timestamp(payment.expires_at or payment.created_at),
    }
    return f"{conf.gateway_b_url()}/paymentv2/vpcpay.html?{vnpay_style.signed_query(params, conf.gateway_b_secret())}"


def vnpay_ipn(params: dict[str, Any]) -> dict[str, Any]:
    """Handle the gateway's IPN; return the JSON answer ``{"RspCode", "Message"}``."""
    signed = (
        vnpay_style.verify(params, conf.gateway_b_secret()) and params.get("vnp_TmnCode") == conf.gateway_b_merchant()
    )
    if not signed:
        return _record(
            None,
            "gateway_b",
            params,
            False,
            "bad_signature",
            {"RspCode": vnpay_style.IPN_BAD_SIGNATURE, "Message": "Invalid Checksum"},
        )
    payment = Payment.objects.filter(
        reference=str(params.get("vnp_TxnRef", "")), channel=Payment.Channel.GATEWAY_B
    ).first()
    if payment is None:
        return _record(
            None,
            "gateway_b",
            params,
            True,
            "not_found",
            {"RspCode": vnpay_style.IPN_NOT_FOUND, "Message": "Order not found"},
        )
    with transaction.atomic():
        lock(payment.dossier_id)
        p = Payment.objects.select_for_update().get(pk=payment.pk)
        if str(params.get("vnp_Amount")) != str(p.amount * 100) or params.get("vnp_CurrCode", "VND") != "VND":
            return _record(
                p,
                "gateway_b",
                params,
                True,
                "bad_amount",
                {"RspCode": vnpay_style.IPN_BAD_AMOUNT, "Message": "Invalid amount"},
            )
        if p.status != Payment.Status.PENDING:
            outcome = "late" if p.status in CLOSED_UNPAID else "duplicate"
            return _record(
                p,
                "gateway_b",
                params,
                True,
                outcome,
                {"RspCode": vnpay_style.IPN_ALREADY_CONFIRMED, "Message": "Order already confirmed"},
            )
        if p.expires_at is not None and clock.now() > p.expires_at:
            _expire(p, "late_callback")
            return _record(
                p,
                "gateway_b",
                params,
                True,
                "late",
                {"RspCode": vnpay_style.IPN_ALREADY_CONFIRMED, "Message": "Order expired"},
            )
        success = (
            params.get("vnp_ResponseCode") == vnpay_style.SUCCESS
            and params.get("vnp_TransactionStatus") == vnpay_style.SUCCESS
        )
        txn = str(params.get("vnp_TransactionNo", ""))[:100]
        if success:
            _settle(p, gateway_reference=txn, actor=SYSTEM)
        else:
            _mark_failed(p, f"vnp_ResponseCode {params.get('vnp_ResponseCode', '')}", txn)
        return _record(
            p,
            "gateway_b",
            params,
            True,
            "paid" if success else "failed",
            {"RspCode": vnpay_style.IPN_OK, "Message": "Confirm Success"},
        )


# --- status query -----------------------------------------------------------------------------


def query_status(payment_id: int, *, actor: Actor) -> Payment:
    """Ask the gateway for the status of a pending payment; settle it if the signed answer says paid."""
    payment = Payment.objects.select_related("dossier").filter(pk=payment_id).first()
    if payment is None:
        raise not_found("payment")
    require_payer(actor, payment.dossier)
    if payment.status != Payment.Status.PENDING or payment.channel not in (
        Payment.Channel.GATEWAY_A,
        Payment.Channel.GATEWAY_B,
    ):
        return payment
    now = clock.now()
    if payment.channel == Payment.Channel.GATEWAY_A:
        secret = conf.gateway_a_secret()
        request = national.sign(
            {
                "LoaiBanTin": "QUERY",
                "PhienBan": national.VERSION,
                "MaDoiTac": conf.gateway_a_merchant(),
                "MaThamChieu": payment.reference,
                "ThoiGianGD": national.timestamp(now),
            },
            national.QUERY_FIELDS,
            secret,
        )
        answer = post_json(f"{conf.gateway_a_url()}/query", request)
        ok = (
            national.verify(answer, national.QUERY_ANSWER_FIELDS, secret)
            and answer.get("MaThamChieu") == payment.reference
        )
        state = {national.PAID: "paid", national.FAILED: "failed"}.get(str(answer.get("TrangThai")), "pending")
        amount_ok = str(answer.get("SoTien")) == str(payment.amount) and answer.get("MaTienTe") == "VND"
        txn = str(answer.get("MaGiaoDich", ""))
    else:
        secret = conf.gateway_b_secret()
        req = {
            "vnp_RequestId": get_random_string(16),
            "vnp_Version": vnpay_style.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": conf.gateway_b_merchant(),
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": f"Truy van {payment.reference}",
            "vnp_TransactionDate": vnpay_style.timestamp(payment.created_at),
            "vnp_CreateDate": vnpay_style.timestamp(now),
            "vnp_IpAddr": "127.0.0.1",
        }
        req[vnpay_style.HASH] = vnpay_style.pipe_hash(req, vnpay_style.QUERY_FIELDS, secret)
        answer = post_json(f"{conf.gateway_b_url()}/merchant_webapi/api/transaction", req)
        ok = (
            vnpay_style.verify_pipe(answer, vnpay_style.QUERY_ANSWER_FIELDS, secret)
            and answer.get("vnp_TxnRef") == payment.reference
        )
        status = str(answer.get("vnp_TransactionStatus"))
        state = "paid" if status == vnpay_style.SUCCESS else ("pending" if status == vnpay_style.PENDING else "failed")
        if answer.get("vnp_ResponseCode") != "00":  # e.g. 91: the customer never reached the gateway
            state = "not_found"
        amount_ok = str(answer.get("vnp_Amount")) == str(payment.amount * 100)
        txn = str(answer.get("vnp_TransactionNo", ""))
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
