"""The population register client: personal ID → name, birth date, sex, permanent address, household.

Law on Identification 2023 art. 9-10 (what the database holds); Decree 13/2023/NĐ-CP art. 11 (the
data subject's consent, recorded by ``registers.services``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.identity import personal_id_problem
from motcua.registers.base import Garbage, RegisterClient, RegisterError, iso_date, text

SEXES = ("Nam", "Nữ")


class PopulationClient(RegisterClient):
    name = "population"
    title = gettext_lazy("Cơ sở dữ liệu quốc gia về dân cư")
    key_label = gettext_lazy("Số định danh cá nhân")
    fields = ("name", "birth_date", "sex", "permanent_address", "household")

    def normalise_key(self, raw: str) -> str:
        key = "".join(str(raw).split())
        if personal_id_problem(key):
            raise RegisterError("invalid_key", _("Số định danh cá nhân phải gồm đúng 12 chữ số hợp lệ."))
        return key

    def payload(self, key: str) -> dict[str, Any]:
        return {"personal_id": key}

    def parse(self, record: dict[str, Any]) -> dict[str, str]:
        sex = text(record, "sex")
        if sex not in SEXES:
            raise Garbage("sex")
        household = record.get("household", [])
        if not isinstance(household, list):
            raise Garbage("household")
        members = []
        for member in household:
            if not isinstance(member, dict):
                raise Garbage("household")
            members.append(f"{text(member, 'name', limit=200)} ({text(member, 'relation', limit=50)})")
        return {
            "name": text(record, "name", limit=200),
            "birth_date": iso_date(record, "birth_date"),
            "sex": sex,
            "permanent_address": text(record, "permanent_address", limit=300),
            "household": "; ".join(members),
        }


CLIENT = PopulationClient()
