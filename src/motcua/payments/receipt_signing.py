"""The body's organisation signature on a fee receipt (chữ ký số của cơ quan thu trên biên lai điện tử).

With ``MOTCUA_SIGNING_SIGN_RECEIPTS`` on (off by default: the TSA and the CRLs are HTTP calls), a
receipt is signed ONCE (Decree 123/2020/NĐ-CP as amended by Decree 70/2025/NĐ-CP: an electronic
receipt carries the digital signature of the collecting body; Law on Electronic Transactions 2023):
the organisation signature of ``receipt.series.agency`` with the body's name, the time and
"Số: <number>, ký hiệu <symbol>" (Decree 30/2020/NĐ-CP, Annex I, II). The signed PDF is kept in
the storage (``Receipt.signed_file``, 0600, its SHA-256 in ``signed_sha256``) and served as it is
from then on: the receipt is immutable and its hash stable.

When: right after the payment's transaction commits (the outbox topic ``payments.receipt.sign``,
retried with backoff while the TSA is down), so a payment is never refused or held because the
signing service is down; and, if that has not happened yet, at the first download
(``signed_receipt_pdf``), which then answers ``SigningUnavailable`` (503) rather than an
unsigned copy.

Cancelled and replaced receipts: the signed original stays as it was issued (file and hash
unchanged). The copy served for such a receipt is rendered afresh with its mark ("ĐÃ HỦY",
"ĐÃ BỊ THAY THẾ") and is NOT signed: the body does not sign a receipt it has withdrawn, and a
mark added to the signed file would break its signature. Payments settled before numbering
(no ``Receipt``) are not signed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from motcua.core import clock, outbox
from motcua.payments.models import Receipt
from motcua.signing import conf

log = logging.getLogger(__name__)

TOPIC = "payments.receipt.sign"


def enabled() -> bool:
    return conf.sign_receipts()


def appearance_line(receipt: Receipt) -> str:
    return f"Số: {receipt.number_text}, ký hiệu {receipt.series.symbol}"


def _read(receipt: Receipt) -> bytes:
    with receipt.signed_file.open("rb") as f:
        return bytes(f.read())


def _private(storage: Any, name: str) -> None:
    with contextlib.suppress(NotImplementedError):  # a storage without local paths keeps its own rules
        os.chmod(storage.path(name), 0o600)


def signed_receipt_pdf(receipt: Receipt, pdf: bytes) -> bytes:
    """The signed PDF of ``receipt``: the stored one, else ``pdf`` (its fresh rendering) signed now and stored.

    ``SigningUnavailable`` when the key, the TSA or the CRLs fail; nothing is stored then. Two
    signers racing: the first stored file wins, the other's file is deleted.
    """
    if receipt.signed_file:
        return _read(receipt)
    # Deferred: pyHanko takes about a second to load; most processes never sign (result_signing.py does the same).
    from motcua.signing import signers
    from motcua.signing.services import sign_pdf

    body = receipt.series.agency.name
    data = sign_pdf(
        pdf,
        signer=signers.configured().signer("organisation"),
        kind="organisation",
        body=body,
        extra_lines=[appearance_line(receipt)],
        reason=f"Biên lai {receipt.series.symbol} {receipt.number_text}",
    )
    digest = hashlib.sha256(data).hexdigest()
    field = receipt.signed_file
    name = field.storage.save(
        field.field.generate_filename(receipt, f"bien-lai-{receipt.pk}-{digest[:16]}-ky-so.pdf"), ContentFile(data)
    )
    try:
        _private(field.storage, name)
        with transaction.atomic():
            won = Receipt.objects.filter(pk=receipt.pk, signed_file="").update(
                signed_file=name, signed_sha256=digest, signed_at=clock.now()
            )
    except BaseException:
        field.storage.delete(name)
        raise
    if not won:  # another request signed it meanwhile: serve theirs
        field.storage.delete(name)
        receipt.refresh_from_db()
        return _read(receipt)
    receipt.refresh_from_db(fields=["signed_file", "signed_sha256", "signed_at"])
    log.info("receipt %s signed (%s)", receipt.pk, digest[:16])
    return data


def request_signature(receipt: Receipt) -> None:
    """Queue the signature of a just-issued receipt; it runs once the caller's transaction commits."""
    if enabled():
        outbox.enqueue(topic=TOPIC, key=f"receipt-{receipt.pk}", payload={"receipt": receipt.pk})


@outbox.register(TOPIC)
def _sign_queued(payload: dict[str, Any]) -> None:
    # Imported here: payments.receipt imports this module (a cycle), and the renderer loads WeasyPrint.
    from motcua.forms.fee_receipt import render_fee_receipt_pdf
    from motcua.payments.receipt import receipt_data

    receipt = Receipt.objects.select_related("series__agency", "payment").filter(pk=payload["receipt"]).first()
    if receipt is None or receipt.signed_file or receipt.status != Receipt.Status.ISSUED or not enabled():
        return
    signed_receipt_pdf(receipt, render_fee_receipt_pdf(receipt_data(receipt)))
