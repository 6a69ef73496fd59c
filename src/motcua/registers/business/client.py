"""The business register client: enterprise code → name, address, legal representative, status.

Decree 01/2021/NĐ-CP art. 8 (the enterprise code is the tax code, 10 digits; a branch adds ``-NNN``).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.registers.base import RegisterClient, RegisterError, text

CODE = re.compile(r"^\d{10}(-\d{3})?$")


class BusinessClient(RegisterClient):
    name = "business"
    title = gettext_lazy("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp")
    key_label = gettext_lazy("Mã số doanh nghiệp")
    fields = ("enterprise_code", "name", "address", "legal_representative", "status")

    def normalise_key(self, raw: str) -> str:
        key = "".join(str(raw).split())
        if not CODE.match(key):
            raise RegisterError(
                "invalid_key", _("Mã số doanh nghiệp gồm 10 chữ số (chi nhánh: thêm -NNN), ví dụ 0101234567.")
            )
        return key

    def payload(self, key: str) -> dict[str, Any]:
        return {"enterprise_code": key}

    def parse(self, record: dict[str, Any]) -> dict[str, str]:
        return {
            "name": text(record, "name", limit=300),
            "address": text(record, "address", limit=300),
            "legal_representative": text(record, "legal_representative", limit=200),
            "status": text(record, "status", limit=100),
        }


CLIENT = BusinessClient()
