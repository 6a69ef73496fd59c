"""The register tests run against the real gateway peer (``motcua sim lgsp`` on port 0)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from motcua.catalogue.services import import_catalogue
from tests.exchange.conftest import lgsp  # noqa: F401  (the peer fixture)
from tests.helpers import CATALOGUE, make_user

# A procedure whose form takes data from the three registers (the demo catalogue's are population only).
FORM: list[dict[str, Any]] = [
    {"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": True, "source": "population.name"},
    {
        "name": "ngay_sinh",
        "label": "Ngày sinh",
        "type": "date",
        "required": True,
        "max": "today",
        "source": "population.birth_date",
    },
    {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "select",
        "choices": ["Nam", "Nữ"],
        "required": True,
        "source": "population.sex",
    },
    {
        "name": "thuong_tru",
        "label": "Nơi thường trú",
        "type": "text",
        "required": True,
        "source": "population.permanent_address",
    },
    {"name": "ma_dn", "label": "Mã số doanh nghiệp", "type": "text", "source": "business.enterprise_code"},
    {"name": "ten_dn", "label": "Tên doanh nghiệp", "type": "text", "source": "business.name"},
    {"name": "thua_dat", "label": "Thửa đất số/tờ bản đồ số", "type": "text", "source": "land.parcel"},
    {"name": "dien_tich", "label": "Diện tích (m²)", "type": "number", "source": "land.area"},
    {"name": "muc_dich", "label": "Mục đích", "type": "text", "required": True},
]
AN = "001085012345"  # in the peer's population (Nguyễn Văn An, 1985)
BINH = "001190023456"


@pytest.fixture
def register_world(world: Any) -> Any:
    catalogue = copy.deepcopy(CATALOGUE)
    procedure = copy.deepcopy(catalogue["procedures"][0])
    procedure.update(code="R.001", name="Thủ tục thử tra cứu", form_fields=FORM)
    catalogue["procedures"] = [procedure]
    import_catalogue(catalogue)
    world.users["an"] = make_user("an", kind="citizen", full_name="Nguyễn Văn An", personal_id=AN)
    world.users["binh"] = make_user("binh", kind="citizen", full_name="Trần Thị Bình", personal_id=BINH)
    return world
