"""Electronic identifier codes of agencies (mã định danh điện tử), Decision 20/2020/QĐ-TTg art. 4.

At most 35 characters from ``.``, ``0-9``, ``A-Z``, groups separated by dots. Current codes put
level 1 first, a group ``MX1X2`` (letter A-Y, two digits, e.g. ``H56``) followed by the groups of
the units below it (``H56.18.25``). Legacy codes, still on older dossiers, put the level-1 group
last (``000.00.00.H56``, ``000.17.22.H56``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from motcua.core.errors import ValidationError

_LEVEL1 = r"[A-Y]\d{2}"
_GROUP = r"[0-9A-Z]{1,5}"
CURRENT_RE = re.compile(rf"^{_LEVEL1}(\.{_GROUP})*$")
LEGACY_RE = re.compile(rf"^(\d{{2,3}}\.)+{_LEVEL1}$")
MAX_LENGTH = 35


def is_legacy(code: str) -> bool:
    return bool(LEGACY_RE.match(code))


def validate_agency_code(code: str) -> str:
    """Return the code upper-cased and stripped, or raise ``ValidationError``."""
    value = (code or "").strip().upper()
    if not value or len(value) > MAX_LENGTH:
        raise ValidationError(
            _("Mã định danh cơ quan phải có từ 1 đến 35 ký tự."),
            code="invalid_agency_code",
            details={"code": code},
        )
    if not (CURRENT_RE.match(value) or LEGACY_RE.match(value)):
        raise ValidationError(
            _("Mã định danh cơ quan không đúng cấu trúc của Quyết định 20/2020/QĐ-TTg."),
            code="invalid_agency_code",
            details={"code": code},
        )
    return value
