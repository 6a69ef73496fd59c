"""Our client of gateway B, the VNPay style: the signed redirect, the IPN and querydr."""

from __future__ import annotations

from typing import Any

from django.utils.crypto import get_random_string

from motcua.core import clock
from motcua.payments import conf
from motcua.payments.gateways import Notice, Sent, Start, Status, Verdict, return_url, vnpay_style
from motcua.payments.models import Payment
from motcua.payments.services.http import post_json

# The answer to an IPN, by verdict: RspCode and Message.
ANSWERS = {
    Verdict.BAD_SIGNATURE: (vnpay_style.IPN_BAD_SIGNATURE, "Invalid Checksum"),
    Verdict.NOT_FOUND: (vnpay_style.IPN_NOT_FOUND, "Order not found"),
    Verdict.BAD_AMOUNT: (vnpay_style.IPN_BAD_AMOUNT, "Invalid amount"),
    Verdict.CLOSED: (vnpay_style.IPN_ALREADY_CONFIRMED, "Order already confirmed"),
    Verdict.DUPLICATE: (vnpay_style.IPN_ALREADY_CONFIRMED, "Order already confirmed"),
    Verdict.EXPIRED: (vnpay_style.IPN_ALREADY_CONFIRMED, "Order expired"),
    Verdict.PAID: (vnpay_style.IPN_OK, "Confirm Success"),
    Verdict.FAILED: (vnpay_style.IPN_OK, "Confirm Success"),
}


class VnpayClient:
    def start(self, payment: Payment) -> Start:
        """The signed redirect URL (the gateway is told of the payment by the browser)."""
        params = {
            "vnp_Version": vnpay_style.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": conf.gateway_b_merchant(),
            "vnp_Amount": str(payment.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": f"Thanh toan phi le phi ho so {payment.dossier.code}",
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url(payment),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_CreateDate": vnpay_style.timestamp(payment.created_at),
            "vnp_ExpireDate": vnpay_style.timestamp(payment.expires_at or payment.created_at),
        }
        query = vnpay_style.signed_query(params, conf.gateway_b_secret())
        return Start(redirect_url=f"{conf.gateway_b_url()}/paymentv2/vpcpay.html?{query}")

    def send(self, request: dict[str, Any]) -> Sent:
        raise NotImplementedError("never called: start returns the redirect URL, there is no request to send")

    def read(self, body: dict[str, Any]) -> Notice:
        signed = (
            vnpay_style.verify(body, conf.gateway_b_secret()) and body.get("vnp_TmnCode") == conf.gateway_b_merchant()
        )
        return Notice(
            raw=body,
            signed=signed,
            reference=str(body.get("vnp_TxnRef", "")),
            amount_ok=lambda amount: (
                str(body.get("vnp_Amount")) == str(amount * 100) and body.get("vnp_CurrCode", "VND") == "VND"
            ),
            paid=body.get("vnp_ResponseCode") == vnpay_style.SUCCESS
            and body.get("vnp_TransactionStatus") == vnpay_style.SUCCESS,
            gateway_reference=str(body.get("vnp_TransactionNo", ""))[:100],
            failure_reason=f"vnp_ResponseCode {body.get('vnp_ResponseCode', '')}",
        )

    def answer(self, notice: Notice, verdict: Verdict) -> dict[str, Any]:
        code, message = ANSWERS[verdict]
        return {"RspCode": code, "Message": message}

    def query(self, payment: Payment) -> Status:
        secret = conf.gateway_b_secret()
        req = {
            "vnp_RequestId": get_random_string(16),
            "vnp_Version": vnpay_style.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": conf.gateway_b_merchant(),
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": f"Truy van {payment.reference}",
            "vnp_TransactionDate": vnpay_style.timestamp(payment.created_at),
            "vnp_CreateDate": vnpay_style.timestamp(clock.now()),
            "vnp_IpAddr": "127.0.0.1",
        }
        req[vnpay_style.HASH] = vnpay_style.pipe_hash(req, vnpay_style.QUERY_FIELDS, secret)
        answer = post_json(f"{conf.gateway_b_url()}/merchant_webapi/api/transaction", req)
        status = str(answer.get("vnp_TransactionStatus"))
        state = "paid" if status == vnpay_style.SUCCESS else ("pending" if status == vnpay_style.PENDING else "failed")
        if answer.get("vnp_ResponseCode") != "00":  # e.g. 91: the customer never reached the gateway
            state = "not_found"
        return Status(
            answer=answer,
            signature_ok=vnpay_style.verify_pipe(answer, vnpay_style.QUERY_ANSWER_FIELDS, secret)
            and answer.get("vnp_TxnRef") == payment.reference,
            state=state,
            amount_ok=str(answer.get("vnp_Amount")) == str(payment.amount * 100),
            gateway_reference=str(answer.get("vnp_TransactionNo", "")),
        )
