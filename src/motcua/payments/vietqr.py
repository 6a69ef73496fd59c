"""VietQR payloads (NAPAS 247 bank transfer), EMVCo merchant-presented QR format.

Reference: NAPAS, "Quy định kỹ thuật mã QR hiển thị cho thanh toán, chuyển tiền" (VietQR, based on
EMVCo QRCPS-MPM). Each data object is ``ID`` (2 digits) ``length`` (2 digits) ``value``; tag 38
carries the NAPAS GUID ``A000000727``, the beneficiary (bank BIN + account number) and the
service code ``QRIBFTTA`` (transfer to an account); tag 54 the amount, 53 the currency (704 =
VND), 58 the country, 62/08 the purpose (our transfer content), and tag 63 the CRC-16/CCITT-FALSE
(poly 0x1021, init 0xFFFF) over everything before it, ``6304`` included.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"


def tlv(tag: str, value: str) -> str:
    """Return one EMVCo data object; values are at most 99 characters."""
    if len(tag) != 2 or not tag.isdigit():
        raise ValueError(f"bad tag {tag!r}")
    if len(value) > 99:
        raise ValueError(f"value of tag {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    """Return the CRC-16/CCITT-FALSE of ``data`` (ASCII) as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def ascii_content(text: str) -> str:
    """Return ``text`` without diacritics and outside characters (banks carry ASCII only)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9 .\-]", "", text).strip()


@dataclass(frozen=True)
class Transfer:
    bank_bin: str
    account: str
    amount: int
    content: str


def payload(t: Transfer) -> str:
    """Return the VietQR payload string of a dynamic (one-time) transfer."""
    if not (t.bank_bin.isdigit() and len(t.bank_bin) == 6):
        raise ValueError("the bank BIN has 6 digits")
    if not t.account or len(t.account) > 19 or not t.account.isalnum():
        raise ValueError("the account number has 1 to 19 letters or digits")
    if t.amount <= 0:
        raise ValueError("the amount is positive")
    content = ascii_content(t.content)[:25]
    beneficiary = tlv("00", t.bank_bin) + tlv("01", t.account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")  # payload format indicator
        + tlv("01", "12")  # point of initiation: 12 = dynamic, one payment
        + tlv("38", merchant)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(t.amount))
        + tlv("58", COUNTRY_VN)
        + tlv("62", tlv("08", content))
        + "6304"
    )
    return body + crc16_ccitt_false(body)


def qr_svg(data: str) -> str:
    """Return the QR code of ``data`` as an inline SVG element (error correction M)."""
    import qrcode
    import qrcode.constants

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    size = len(matrix)
    path = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            path.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'class="vietqr-code" shape-rendering="crispEdges"><title>VietQR</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(path)}" fill="#000"/></svg>'
    )


_CODE_JUNK = re.compile(r"[^A-Z0-9]")


def fold_reference(text: str) -> str:
    """Return ``text`` upper-cased without spaces, dashes, dots or other separators."""
    return _CODE_JUNK.sub("", ascii_content(text).upper())
