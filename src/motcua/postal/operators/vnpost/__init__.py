"""The VNPost-style order API (bưu chính công ích): the wire protocol, shared by our client and the peer.

VNPost's own API specification could not be consulted here: the field names follow public practice
of Vietnamese postal order APIs (docs/integrations/post.md). JSON over HTTP:

- ``POST /orders`` (header ``Authorization: Bearer <token>``): create an order, idempotent by
  ``OrderCode`` (our reference); answers ``{"Success": true, "OrderCode", "ItemCode", "TotalFee", "Status"}``
  or ``{"Success": false, "ErrorCode", "Message"}``;
- ``POST /orders/<ItemCode>/cancel``;
- the status webhook to us: a JSON body signed by ``X-Signature: hex(HMAC-SHA256(secret, body))``,
  ``{"EventId", "OrderCode", "ItemCode", "Status", "StatusTime", "Note"}``.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Signature"
# The operator's statuses, as the webhook names them (our PostalOrder.Status values).
STATUSES = ("accepted", "picked_up", "in_transit", "delivered", "returned", "failed", "cancelled")
SERVICE = "BCCP"  # bưu chính công ích: dossiers and results of administrative procedures


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(sign(body, secret), (signature or "").strip().lower())
