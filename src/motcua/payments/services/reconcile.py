"""Reconciliation of VietQR bank transfers from the collecting account's statement.

A credit line settles a VietQR payment when its transfer content contains the dossier code
(compared without spaces, dashes, dots and case, since banks rewrite the content), its amount
equals the payment's, and it was booked before the payment expired. Everything else is kept as
an unmatched line for an officer, with the reason. Importing the same statement again changes
nothing (lines are keyed by the bank's reference).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import SYSTEM, Actor
from motcua.core.audit import audit
from motcua.core.errors import ValidationError
from motcua.dossiers.services.transitions import lock
from motcua.payments.models import Payment, StatementLine
from motcua.payments.services.fees import outstanding
from motcua.payments.services.payments import _settle
from motcua.payments.vietqr import fold_reference

COLUMNS = ("booked_at", "bank_reference", "amount", "content")
LOOKBACK = timedelta(days=60)


@dataclass(frozen=True)
class Row:
    booked_at: datetime
    bank_reference: str
    amount: int
    content: str
    payer: str = ""
    currency: str = "VND"


@dataclass
class Outcome:
    matched: list[StatementLine] = field(default_factory=list)
    unmatched: list[StatementLine] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bank references imported before


def _amount(text: str) -> int:
    """Return the amount in VND of "10000", "10,000", "10.000", "10.000,00", "+10,000" or "-5,000"."""
    text = text.strip()
    if not re.fullmatch(r"[+-]?\s*\d[\d.,\s]*", text):
        raise ValueError(text)
    digits = re.sub(r"[^\d-]", "", text.split(",")[0] if re.search(r",\d{2}$", text) else text)
    return int(digits)


# Vietnamese banks write the day first; ISO 8601 dates start with the year.
_DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _when(text: str) -> datetime:
    """Return the booking time of ``text`` in Vietnam time (the time zone of a time without one).

    Accepted: ISO 8601 with or without seconds, ``T`` or a space, fractions and an offset or ``Z``
    (2026-11-20 14:05, 2026-11-20T14:05:00+07:00), and day first with or without seconds
    (20/11/2026 14:05, 20-11-2026 14:05:00, 20/11/2026).
    """
    text = " ".join(text.split())
    moment: datetime | None = None
    if _ISO.match(text):
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(text)
    else:
        for fmt in _DAY_FIRST:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        raise ValueError(text)
    return moment.astimezone(clock.VN_TZ) if moment.tzinfo else moment.replace(tzinfo=clock.VN_TZ)


def parse_csv(text: str) -> list[Row]:
    """Parse a statement CSV with the header ``booked_at,bank_reference,amount,content[,payer][,currency]``.

    Times without an offset are Vietnam time. Debit lines (negative amounts) are left out. A file
    with any bad line is refused whole; the error lists every bad line with its fault.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("Tệp sao kê thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)},
            code="bad_statement",
            details={"missing": missing},
        )
    rows = []
    errors: list[dict[str, Any]] = []
    for number, rec in enumerate(reader, start=2):
        when, amount_text = (rec["booked_at"] or "").strip(), (rec["amount"] or "").strip()
        before = len(errors)
        booked = amount = None
        try:
            booked = _when(when)
        except ValueError:
            errors.append(
                {
                    "line": number,
                    "field": "booked_at",
                    "message": _(
                        "Dòng %(n)s: thời điểm “%(value)s” không hợp lệ; "
                        "dùng ngày/tháng/năm giờ:phút (20/11/2026 14:05) hoặc ISO 8601 (2026-11-20 14:05:00)."
                    )
                    % {"n": number, "value": when[:40]},
                }
            )
        try:
            amount = _amount(amount_text)
        except ValueError:
            errors.append(
                {
                    "line": number,
                    "field": "amount",
                    "message": _("Dòng %(n)s: số tiền “%(value)s” không hợp lệ.")
                    % {"n": number, "value": amount_text[:40]},
                }
            )
        if not (rec["bank_reference"] or "").strip():
            errors.append(
                {
                    "line": number,
                    "field": "bank_reference",
                    "message": _("Dòng %(n)s: thiếu số tham chiếu giao dịch.") % {"n": number},
                }
            )
        if len(errors) > before or booked is None or amount is None or amount <= 0:
            continue  # a bad line (the file is refused below) or a debit line
        rows.append(
            Row(
                booked_at=booked,
                bank_reference=(rec["bank_reference"] or "").strip(),
                amount=amount,
                content=(rec["content"] or "").strip(),
                payer=(rec.get("payer") or "").strip(),
                currency=(rec.get("currency") or "VND").strip().upper() or "VND",
            )
        )
    if errors:
        raise ValidationError(
            _("Tệp sao kê có %(n)s dòng không hợp lệ; chưa nhập dòng nào.") % {"n": len({e["line"] for e in errors})},
            code="bad_statement",
            details={"errors": errors},
        )
    return rows


def _candidates(row: Row) -> list[Payment]:
    folded = fold_reference(row.content)
    if not folded:
        return []
    qs = (
        Payment.objects.select_related("dossier")
        .filter(channel=Payment.Channel.VIETQR, created_at__gte=row.booked_at - LOOKBACK)
        .order_by("created_at", "id")
    )
    return [p for p in qs if fold_reference(p.dossier.code) in folded]


def reconcile(rows: Iterable[Row], *, actor: Actor = SYSTEM, source: str = "") -> Outcome:
    """Import statement lines and settle the VietQR payments they pay; return what happened."""
    result = Outcome()
    for row in rows:
        if not row.bank_reference:
            raise ValidationError(_("Dòng sao kê thiếu số tham chiếu."), code="bad_statement")
        if StatementLine.objects.filter(bank_reference=row.bank_reference).exists():
            result.skipped.append(row.bank_reference)
            continue
        line = _reconcile_one(row, actor=actor, source=source)
        (result.matched if line.status == StatementLine.Status.MATCHED else result.unmatched).append(line)
    return result


def _reconcile_one(row: Row, *, actor: Actor, source: str) -> StatementLine:
    candidates = _candidates(row)
    dossier_id = candidates[-1].dossier_id if candidates else None
    with transaction.atomic():
        if dossier_id is not None:
            lock(dossier_id)
        note, payment = _choose(row, candidates)
        line = StatementLine.objects.create(
            bank_reference=row.bank_reference[:100],
            booked_at=row.booked_at,
            amount=row.amount,
            currency=row.currency,
            content=row.content[:500],
            payer=row.payer[:200],
            source=source[:300],
            imported_at=clock.now(),
            status=StatementLine.Status.MATCHED if payment else StatementLine.Status.UNMATCHED,
            note=note,
            dossier_id=payment.dossier_id if payment else dossier_id,
            payment=payment,
        )
        if payment is not None:
            _settle(payment, gateway_reference=row.bank_reference[:100], actor=SYSTEM)
        audit(
            actor=actor.user,
            action="payments.statement_line",
            obj=line,
            changes={"status": line.status, "note": note, "payment": payment.reference if payment else None},
        )
    return line


def _choose(row: Row, candidates: list[Payment]) -> tuple[str, Payment | None]:
    if not candidates:
        return "no_dossier_code", None
    if row.currency != "VND":
        return "currency", None
    fresh = [Payment.objects.select_for_update().get(pk=p.pk) for p in candidates]
    if outstanding(fresh[-1].dossier) <= 0:
        return "already_paid", None
    # A transfer made for a VietQR code that was later cancelled or expired is still the citizen's money:
    # it settles that payment if it was booked in time and nothing else paid the fees meanwhile.
    open_ = [p for p in fresh if p.status in (Payment.Status.PENDING, Payment.Status.EXPIRED, Payment.Status.CANCELLED)]
    in_time = [p for p in open_ if p.expires_at is None or row.booked_at <= p.expires_at]
    for p in reversed(in_time):
        if p.amount == row.amount:
            return "", p
    if in_time:
        return "amount_differs", None
    if open_:
        return "after_expiry", None
    return "already_paid", None
