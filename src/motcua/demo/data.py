"""Demo data: a province (Hà Nội), its agencies, receiving points, officials, citizens, the catalogue.

Agency codes here follow the structure of Decision 20/2020/QĐ-TTg but are illustrative, not
the codes the province was issued. Everything is written through the domain services.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.catalogue.services.assignment import procedure_assign_agencies
from motcua.catalogue.services.importing import import_catalogue
from motcua.core import clock
from motcua.datastore.demo import load_demo_items
from motcua.organisation.models import AdminUnit, Agency, Role
from motcua.organisation.services import agency_create, receiving_point_create, role_grant
from motcua.processes.demo import load_demo as load_processes

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - a prefix / the published demo password, not a secret

# code, name, level, parent code, admin unit code
AGENCIES: list[tuple[str, str, str, str | None, str | None]] = [
    ("H26", "Ủy ban nhân dân Thành phố Hà Nội", "province", None, "01"),
    ("H26.60", "Trung tâm Phục vụ hành chính công Thành phố Hà Nội", "service_centre", "H26", "01"),
    ("H26.24", "Sở Tư pháp Thành phố Hà Nội", "department", "H26", "01"),
    ("H26.25", "Sở Xây dựng Thành phố Hà Nội", "department", "H26", "01"),
    ("H26.101", "Ủy ban nhân dân Phường Hoàn Kiếm", "commune", "H26", "00070"),
    ("H26.102", "Ủy ban nhân dân Phường Cửa Nam", "commune", "H26", None),
    ("G01.26", "Công an Thành phố Hà Nội", "central_office", None, "01"),
    ("G01.26.101", "Công an Phường Hoàn Kiếm", "central_office", "G01.26", "00070"),
    ("G12.26", "Bảo hiểm xã hội Thành phố Hà Nội", "central_office", None, "01"),
]

# username, full name, agency code, roles
OFFICIALS: list[tuple[str, str, str, list[str]]] = [
    ("tiepnhan.hoankiem", "Trần Thị Mai", "H26.101", ["reception"]),
    ("chuyenvien.hoankiem", "Lê Văn Nam", "H26.101", ["specialist"]),
    ("lanhdao.hoankiem", "Phạm Quốc Hùng", "H26.101", ["head"]),
    ("vanthu.hoankiem", "Đỗ Thu Hà", "H26.101", ["clerk"]),
    ("tiepnhan.cuanam", "Vũ Thị Lan", "H26.102", ["reception"]),
    ("tiepnhan.sotuphap", "Ngô Minh Tuấn", "H26.24", ["reception"]),
    ("chuyenvien.sotuphap", "Bùi Thị Hạnh", "H26.24", ["specialist"]),
    ("lanhdao.sotuphap", "Hoàng Văn Đức", "H26.24", ["head"]),
    ("vanthu.sotuphap", "Đặng Thị Thu", "H26.24", ["clerk"]),
    ("tiepnhan.soxaydung", "Nguyễn Đức Anh", "H26.25", ["reception"]),
    ("lanhdao.soxaydung", "Trịnh Văn Long", "H26.25", ["head", "specialist"]),
    ("congan.hoankiem", "Lý Văn Sơn", "G01.26.101", ["reception", "specialist", "head", "clerk"]),
    ("congan.hanoi", "Phan Thanh Tùng", "G01.26", ["reception", "specialist", "head", "clerk"]),
    ("bhxh.hanoi", "Mai Thị Ngọc", "G12.26", ["reception", "specialist", "head", "clerk"]),
    ("kiemsoat.tthc", "Cao Thị Yến", "H26", ["tthc_control"]),
]

# username, full name, personal id, phone, e-mail, address
CITIZENS = [
    (
        "congdan",
        "Nguyễn Văn An",
        "001085012345",
        "0912345678",
        "an.nguyen@example.vn",
        "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
    ),
    (
        "congdan2",
        "Trần Thị Bình",
        "001190023456",
        "0987654321",
        "binh.tran@example.vn",
        "5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
    ),
]

# The demo citizens' e-ID: birth date and level, as the local e-ID provider gives them
# (accounts/providers/vneid/peer.mjs) and the population register holds them (exchange/simulator.py).
CITIZEN_EID = {"001085012345": (date(1985, 4, 12), 2), "001190023456": (date(1990, 9, 3), 1)}

# Procedures whose level has several bodies in the demo province name the one that carries them out.
AGENCIES_BY_PROCEDURE = {"1.004194": ["G01.26.101"], "1.004222": ["G01.26.101"], "3.000333": ["G01.26"]}


def demo_logins() -> list[tuple[str, str]]:
    """Return (username, description) of the demo accounts that exist in the database."""
    labels = {"admin": "Quản trị hệ thống (admin)"}
    labels.update({u: f"Công dân: {n}" for u, n, *_ in CITIZENS})
    labels.update({u: f"{n} — {', '.join(str(Role(x).label) for x in r)} — {a}" for u, n, a, r in OFFICIALS})
    present = set(User.objects.filter(username__in=labels).values_list("username", flat=True))
    return [(u, label) for u, label in labels.items() if u in present]


def catalogue_data() -> dict[str, Any]:
    text = resources.files("motcua.catalogue").joinpath("data/procedures.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@transaction.atomic
def load_demo(*, processes: bool = False) -> None:
    """Load the demo organisation, accounts and catalogue into an empty database.

    ``processes``: also give every demo procedure its internal process (processes/demo.py), as
    ``motcua up`` and ``motcua demo load`` do; tests of the plain lifecycle leave them out.
    """
    admin = User.objects.create_superuser(
        "admin", "admin@example.vn", DEMO_PASSWORD, full_name="Quản trị viên", kind=User.Kind.OFFICIAL
    )
    agencies: dict[str, Agency] = {}
    for code, name, level, parent, unit in AGENCIES:
        agencies[code] = agency_create(
            code=code,
            name=name,
            level=level,
            parent=agencies.get(parent or ""),
            admin_unit=AdminUnit.objects.filter(code=unit).first() if unit else None,
            valid_from=date(2025, 7, 1),
            actor=admin,
        )
    role_grant(user=admin, agency=agencies["H26"], role="admin", actor=admin)
    receiving_point_create(
        name="Bộ phận Một cửa UBND Phường Hoàn Kiếm",
        agency=agencies["H26.101"],
        serves=[agencies["H26.101"], agencies["G01.26.101"]],
        address="126 Hàng Trống, Phường Hoàn Kiếm, Hà Nội",
        actor=admin,
    )
    receiving_point_create(
        name="Bộ phận Một cửa UBND Phường Cửa Nam",
        agency=agencies["H26.102"],
        serves=[agencies["H26.102"]],
        actor=admin,
    )
    receiving_point_create(
        name="Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        agency=agencies["H26.60"],
        serves=[agencies["H26.24"], agencies["H26.25"], agencies["G12.26"], agencies["G01.26"]],
        address="258 Võ Chí Công, Hà Nội",
        actor=admin,
    )
    for username, full_name, agency_code, roles in OFFICIALS:
        user = User.objects.create_user(
            username, f"{username}@example.vn", DEMO_PASSWORD, full_name=full_name, kind=User.Kind.OFFICIAL
        )
        for role in roles:
            role_grant(user=user, agency=agencies[agency_code], role=role, actor=admin)
    for username, full_name, pid, phone, email, address in CITIZENS:
        # As if verified by e-ID before: logging in through the local e-ID provider with the same
        # personal ID opens this account (accounts.services.eid_sign_in), with its phone and dossiers.
        birth_date, eid_level = CITIZEN_EID[pid]
        User.objects.create_user(
            username,
            email,
            DEMO_PASSWORD,
            full_name=full_name,
            personal_id=pid,
            phone=phone,
            address=address,
            kind=User.Kind.CITIZEN,
            birth_date=birth_date,
            eid_level=eid_level,
            eid_verified_at=clock.now(),
        )
    import_catalogue(catalogue_data(), actor=admin)
    load_demo_items(User.objects.get(username=CITIZENS[0][0]))  # kho dữ liệu: a birth certificate to reuse
    for procedure in Procedure.objects.filter(code__in=AGENCIES_BY_PROCEDURE).select_related("current_version"):
        procedure_assign_agencies(
            procedure=procedure, actor=admin, agencies=[agencies[c] for c in AGENCIES_BY_PROCEDURE[procedure.code]]
        )
    if processes:
        load_processes()
