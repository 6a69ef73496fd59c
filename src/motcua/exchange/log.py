"""The signed, chained message log: writing a row and verifying the chain."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from django.db import transaction

from motcua.exchange import conf
from motcua.exchange.models import MessageLog

FIELDS = (
    "message_id",
    "direction",
    "client",
    "service",
    "user_id",
    "purpose",
    "request_hash",
    "response_hash",
    "status",
    "outcome",
    "duration_ms",
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sign(values: dict[str, Any], at: datetime, previous: str) -> str:
    text = "\x1f".join([*(str(values[f]) for f in FIELDS), at.isoformat(), previous])
    return hmac.new(conf.log_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def record(*, at: datetime, **values: Any) -> MessageLog:
    """Append one signed row, chained to the last one (rows are appended one at a time)."""
    row_values = {f: values.get(f, "" if f not in ("status", "duration_ms") else 0) for f in FIELDS}
    with transaction.atomic():
        last = MessageLog.objects.select_for_update().order_by("-id").first()
        previous = last.signature if last else ""
        return MessageLog.objects.create(
            at=at, previous=previous, signature=_sign(row_values, at, previous), **row_values
        )


def first_broken() -> tuple[MessageLog, str] | None:
    """The first row whose signature or chain link is wrong, with why; None when the log is whole."""
    previous = ""
    for row in MessageLog.objects.order_by("id").iterator():
        if row.previous != previous:
            return row, "chain"
        values = {f: getattr(row, f) for f in FIELDS}
        if not hmac.compare_digest(_sign(values, row.at, previous), row.signature):
            return row, "signature"
        previous = row.signature
    return None
