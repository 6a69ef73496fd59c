"""Validation of the 12-digit personal identification number (số định danh cá nhân / CCCD).

Layout (Decree 137/2015/NĐ-CP art. 7, Circular 07/2016/TT-BCA art. 7): 3 digits for the
province of birth registration, 1 digit for sex and century of birth, 2 digits for the year of
birth, 6 random digits.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from motcua.core.errors import ValidationError

# Province codes of Circular 07/2016/TT-BCA (the 63 provinces before the 2025 merger; numbers
# already issued keep them).
PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


def birth_year(number: str) -> int:
    """Return the year of birth encoded in a well-formed number."""
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def personal_id_problem(value: str, *, today: date | None = None) -> str:
    """Return what is wrong with a stripped number: ``"format"``, ``"province"``, ``"birth_year"``, or ``""``."""
    if len(value) != 12 or not value.isdigit():
        return "format"
    if value[:3] not in PROVINCE_CODES:
        return "province"
    if birth_year(value) > (today or date.today()).year:
        return "birth_year"
    return ""


def validate_personal_id(number: str, *, today: date | None = None) -> str:
    """Return ``number`` stripped, or raise ``ValidationError`` naming what is wrong."""
    value = (number or "").strip()
    problem = personal_id_problem(value, today=today)
    if problem:
        messages = {
            "format": _("Số định danh cá nhân phải gồm đúng 12 chữ số."),
            "province": _("Mã tỉnh nơi đăng ký khai sinh (3 chữ số đầu) không hợp lệ."),
            "birth_year": _("Năm sinh trong số định danh cá nhân không hợp lệ."),
        }
        raise ValidationError(messages[problem], code="invalid_personal_id", details={"field": "personal_id"})
    return value
