"""Gateway B: a commercial gateway in the VNPay style (protocol version 2.1.0).

- Pay: the browser is redirected to the gateway with the ``vnp_*`` parameters in the query string.
  The hash data is the parameters (non-empty, without the hash itself) sorted by name, each as
  ``name=urlencode(value)`` (spaces as ``+``), joined by ``&``; ``vnp_SecureHash`` is the
  HMAC-SHA512 (hex) of it with the shared secret. ``vnp_Amount`` is the amount x 100.
- IPN: the gateway calls the merchant's IPN URL (registered with the gateway, not sent in the
  request) with the result parameters signed the same way; the merchant answers JSON
  ``{"RspCode": ..., "Message": ...}``. "00" confirms; "02" says the order was already confirmed
  (a duplicate; the gateway stops retrying on either).
- Return: the browser comes back to ``vnp_ReturnUrl`` with the same parameters; the merchant
  shows the status only.
- querydr: a JSON POST whose ``vnp_SecureHash`` is the HMAC-SHA512 of the listed fields joined
  by ``|``; the answer is signed the same way.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HASH = "vnp_SecureHash"
HASH_TYPE = "vnp_SecureHashType"

QUERY_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)

# vnp_ResponseCode / vnp_TransactionStatus
SUCCESS = "00"
CANCELLED = "24"  # the customer cancelled the transaction
PENDING = "01"
# IPN answers (RspCode)
IPN_OK = "00"
IPN_NOT_FOUND = "01"
IPN_ALREADY_CONFIRMED = "02"
IPN_BAD_AMOUNT = "04"
IPN_BAD_SIGNATURE = "97"
IPN_OTHER = "99"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def hash_data(params: Mapping[str, Any]) -> str:
    """Return the canonical string that is signed: sorted, URL-encoded, without the hash."""
    items = sorted((k, str(v)) for k, v in params.items() if k not in (HASH, HASH_TYPE) and str(v) != "")
    return "&".join(f"{k}={quote_plus(v)}" for k, v in items)


def secure_hash(params: Mapping[str, Any], secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), hash_data(params).encode("utf-8"), hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, Any], secret: str) -> str:
    """Return the query string of ``params`` (sorted, URL-encoded) with ``vnp_SecureHash`` last."""
    items = sorted((k, str(v)) for k, v in params.items() if str(v) != "")
    return urlencode(items) + "&" + urlencode({HASH: secure_hash(params, secret)})


def verify(params: Mapping[str, Any], secret: str) -> bool:
    given = str(params.get(HASH, ""))
    return hmac.compare_digest(given.lower(), secure_hash(params, secret))


def pipe_hash(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> str:
    text = "|".join("" if message.get(f) is None else str(message.get(f)) for f in fields)
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha512).hexdigest()


def verify_pipe(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> bool:
    given = str(message.get(HASH, ""))
    return hmac.compare_digest(given.lower(), pipe_hash(message, fields, secret))
