"""Reads of fee receipts through the caller's visibility: anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.core.errors import not_found
from motcua.organisation.permissions import agencies_for, may
from motcua.payments.models import Receipt, ReceiptSeries


def _base() -> QuerySet[Receipt]:
    return Receipt.objects.select_related("series", "series__agency", "payment", "payment__dossier", "replaces")


def agency_receipts(user: Any) -> QuerySet[Receipt]:
    """The receipts of the bodies where ``user`` may read receipts (``receipts.view``)."""
    return _base().filter(series__agency_id__in=agencies_for(user, "receipts.view"))


def may_read(user: Any, receipt: Receipt) -> bool:
    """The applicant of the paid dossier, or an official who may read the issuing body's receipts."""
    dossier = receipt.payment.dossier
    owner = getattr(user, "is_authenticated", False) and dossier.applicant_id == user.pk
    return bool(owner or may(user, "receipts.view", receipt.series.agency_id))


def get_receipt(user: Any, receipt_id: int) -> Receipt:
    receipt = _base().filter(pk=receipt_id).first()
    if receipt is None or not may_read(user, receipt):
        raise not_found("receipt")
    return receipt


def current_receipt(payment_id: int) -> Receipt | None:
    """The receipt of a payment in force: the latest one issued (not cancelled, not replaced)."""
    return _base().filter(payment_id=payment_id, status=Receipt.Status.ISSUED).order_by("-issued_at", "-id").first()


def latest_receipt(payment_id: int) -> Receipt | None:
    """The payment's latest receipt whatever its status (a cancelled one is still shown as cancelled)."""
    return _base().filter(payment_id=payment_id).order_by("-issued_at", "-id").first()


def agency_series(user: Any) -> QuerySet[ReceiptSeries]:
    """The receipt series of the bodies where ``user`` may read receipts, newest year first."""
    return (
        ReceiptSeries.objects.select_related("agency")
        .filter(agency_id__in=agencies_for(user, "receipts.view"))
        .order_by("-year", "agency__name")
    )
