"""The land database client: parcel (``số thửa/số tờ bản đồ``) → owner, area, land use.

Land Law 2024 art. 164-165 (the land information system and its use by agencies).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.registers.base import Garbage, RegisterClient, RegisterError, text

PARCEL = re.compile(r"^(\d{1,6})/(\d{1,6})$")


class LandClient(RegisterClient):
    name = "land"
    title = gettext_lazy("Cơ sở dữ liệu đất đai")
    key_label = gettext_lazy("Thửa đất số / tờ bản đồ số")
    fields = ("parcel", "owner", "area", "land_use")

    def normalise_key(self, raw: str) -> str:
        key = "".join(str(raw).split())
        if not PARCEL.match(key):
            raise RegisterError("invalid_key", _("Nhập thửa đất số và tờ bản đồ số dạng số thửa/số tờ, ví dụ 15/7."))
        return key

    def payload(self, key: str) -> dict[str, Any]:
        parcel, sheet = key.split("/")
        return {"parcel": parcel, "map_sheet": sheet}

    def parse(self, record: dict[str, Any]) -> dict[str, str]:
        area = record.get("area_m2")
        if isinstance(area, bool) or not isinstance(area, int | float) or area < 0:
            raise Garbage("area_m2")
        return {
            "owner": text(record, "owner", limit=200),
            "area": format(Decimal(str(area)).normalize(), "f"),
            "land_use": text(record, "land_use", limit=200),
        }


CLIENT = LandClient()
