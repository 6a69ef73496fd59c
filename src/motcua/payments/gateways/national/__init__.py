"""Gateway A: the national payment platform style (domain.md §9).

Messages are JSON. Each carries ``MaXacThuc`` = SHA-256 (hex, lowercase) of its signed fields
joined by ``|``, followed by ``|`` and the shared secret. The fee lines enter the signature as
``name~amount`` items joined by ``;``. Dates are ``yyyyMMddHHmmss`` in Vietnam time.

INIT (merchant → platform), answered with the payment URL; NOTIFY (platform → merchant, server
to server) with the result, answered ``{"MaLoi": "00"}``; QUERY (merchant → platform) for the
status of one payment. ``MaLoi`` "00" is success.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VERSION = "1.0"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

INIT_FIELDS = (
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "MaHoSo",
    "MaTTHC",
    "TenTTHC",
    "HoTenNguoiNop",
    "SoGiayToNguoiNop",
    "SoTien",
    "MaTienTe",
    "ThoiGianGD",
    "ThoiGianHetHan",
    "UrlTraVe",
    "UrlThongBao",
    "DanhSachPhiLePhi",
)
INIT_ANSWER_FIELDS = ("MaLoi", "MaThamChieu", "MaGiaoDich", "UrlThanhToan")
NOTIFY_FIELDS = (
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "MaGiaoDich",
    "MaHoSo",
    "SoTien",
    "MaTienTe",
    "TrangThai",
    "ThoiGianThanhToan",
    "MaNganHang",
)
RETURN_FIELDS = ("MaThamChieu", "MaGiaoDich", "TrangThai")
QUERY_FIELDS = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
QUERY_ANSWER_FIELDS = ("MaLoi", "MaThamChieu", "MaGiaoDich", "SoTien", "MaTienTe", "TrangThai", "ThoiGianThanhToan")

# Result codes (TrangThai of a payment; MaLoi of an answer).
PAID = "00"
FAILED = "01"
PENDING = "02"
OK = "00"
ERR_SIGNATURE = "01"
ERR_NOT_FOUND = "02"
ERR_AMOUNT = "03"
ERR_EXPIRED = "04"
ERR_OTHER = "99"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def _part(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(f"{item.get('TenPhiLePhi', '')}~{item.get('SoTien', '')}" for item in value)
    return "" if value is None else str(value)


def signature(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> str:
    """Return MaXacThuc: SHA-256 hex of the ``|``-joined signed fields and the secret."""
    text = "|".join([*(_part(message.get(name)) for name in fields), secret])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sign(message: dict[str, Any], fields: Sequence[str], secret: str) -> dict[str, Any]:
    """Return ``message`` with its ``MaXacThuc``."""
    return {**message, "MaXacThuc": signature(message, fields, secret)}


def verify(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> bool:
    """Tell whether ``message`` carries a valid MaXacThuc (constant-time comparison)."""
    given = str(message.get("MaXacThuc", ""))
    return hmac.compare_digest(given.lower(), signature(message, fields, secret))
