"""REST endpoints of the payments app (mounted under /api/v1/ in motcua.api.root).

The gateways' callbacks are unauthenticated: they are trusted only through their signatures,
checked by the services. Ninja views are exempt from Django's CSRF check; with ``auth=None`` no
session (and so no CSRF token) is involved.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from motcua.api.schemas import ErrorOut, In
from motcua.core.actor import Actor
from motcua.dossiers import selectors
from motcua.payments import present
from motcua.payments import selectors as receipt_selectors
from motcua.payments.downloads import pdf_response, xml_response
from motcua.payments.services import payments as payment_services

router = Router(tags=["payments"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 502: ErrorOut}


class FeeLineOut(Schema):
    kind: str
    name: str
    rule: str
    listed: int
    charged: int
    exempted: bool
    reason: str


class PaymentOut(Schema):
    id: int
    reference: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    amount: int
    currency: str
    created_at: datetime
    expires_at: datetime | None
    paid_at: datetime | None
    gateway_reference: str
    refunded_at: datetime | None
    refund_reason: str
    receipt_url: str | None
    receipt_xml_url: str | None
    receipt_id: int | None
    receipt_number: str
    receipt_status: str | None


class PaymentsOut(Schema):
    dossier_code: str
    dossier_status: str
    assessed: bool
    fees: list[FeeLineOut]
    total: int
    paid: int
    outstanding: int
    payments: list[PaymentOut]


class PaymentStartIn(In):
    channel: Literal["gateway_a", "gateway_b", "vietqr"]


class VietQROut(Schema):
    payload: str
    bank_bin: str
    bank_name: str
    account_number: str
    account_name: str
    amount: int
    currency: str
    content: str
    expires_at: datetime | None


class PaymentStartOut(Schema):
    payment: PaymentOut
    redirect_url: str
    vietqr: VietQROut | None


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel=getattr(request, "motcua_channel", "web"))


@router.get(
    "/dossiers/{code}/payments",
    response={200: PaymentsOut, **ERRORS},
    summary="Fees and payments of a dossier (applicant or officials who see it)",
)
def dossier_payments(request: HttpRequest, code: str) -> Any:
    return present.overview(selectors.get_visible(request.user, code))


@router.post(
    "/dossiers/{code}/payments",
    response={201: PaymentStartOut, **ERRORS},
    summary="Start paying the fees online: gateway_a, gateway_b (redirect URL) or vietqr (QR payload)",
)
def start_payment(request: HttpRequest, code: str, body: PaymentStartIn) -> Any:
    dossier = selectors.get_visible(request.user, code)
    started = payment_services.start_payment(dossier.pk, actor=_actor(request), channel=body.channel)
    return Status(
        201,
        {"payment": present.payment(started.payment), "redirect_url": started.redirect_url, "vietqr": started.vietqr},
    )


@router.post(
    "/payments/callback/national",
    response={200: dict[str, Any]},
    auth=None,
    summary="Gateway A (national payment platform) result notification; signed with MaXacThuc",
)
def national_callback(request: HttpRequest) -> Any:
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        body = {}
    if not isinstance(body, dict):
        body = {"_raw": str(body)[:2000]}
    return payment_services.national_notify(body)


@router.get(
    "/payments/callback/vnpay-style",
    response={200: dict[str, Any]},
    auth=None,
    summary="Gateway B (VNPay style) IPN; signed with vnp_SecureHash (HMAC-SHA512)",
)
def vnpay_ipn(request: HttpRequest) -> Any:
    return payment_services.vnpay_ipn({k: v for k, v in request.GET.items()})


class ReceiptLineOut(Schema):
    name: str
    amount: int
    note: str


class ReplacedReceiptOut(Schema):
    id: int
    symbol: str
    number: str
    reason: str


class ReceiptOut(Schema):
    id: int
    form_number: str
    symbol: str
    number: str
    year: int
    agency_code: str
    agency_name: str
    status: Literal["issued", "cancelled", "replaced"]
    status_label: str
    payment_reference: str
    dossier_code: str
    payer_name: str
    payer_id_number: str
    lines: list[ReceiptLineOut]
    total: int
    currency: str
    paid_at: datetime
    issued_at: datetime
    cancelled_at: datetime | None
    cancel_reason: str
    replaces: ReplacedReceiptOut | None
    pdf_url: str
    xml_url: str


@router.get(
    "/receipts/{receipt_id}",
    response={200: ReceiptOut, **ERRORS},
    summary="A fee receipt (biên lai): the applicant of its dossier or officials of its issuing body",
)
def receipt(request: HttpRequest, receipt_id: int) -> Any:
    return present.receipt(receipt_selectors.get_receipt(request.user, receipt_id))


@router.get("/receipts/{receipt_id}/receipt.pdf", response={200: None, **ERRORS}, summary="A fee receipt as PDF")
def receipt_pdf(request: HttpRequest, receipt_id: int) -> Any:
    return pdf_response(receipt_selectors.get_receipt(request.user, receipt_id))


@router.get(
    "/receipts/{receipt_id}/receipt.xml",
    response={200: None, **ERRORS},
    summary="A fee receipt as XML (docs/receipts.md, schema bien-lai-1.0.xsd)",
)
def receipt_xml(request: HttpRequest, receipt_id: int) -> Any:
    return xml_response(receipt_selectors.get_receipt(request.user, receipt_id))
