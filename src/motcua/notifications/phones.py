"""Vietnamese mobile numbers in the forms gateways want."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\D+")


def to_international(phone: str) -> str:
    """Return ``phone`` as 84xxxxxxxxx (Zalo, SMS gateways), or "" when it is not a VN mobile number.

    Accepts 0912345678, +84 912 345 678, 84912345678.
    """
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    else:
        return ""
    return "84" + national if national[0] in "35789" else ""
