"""Administrative units from the ``vietnam-provinces`` package (34 provinces, 3,321 communes).

Migration ``organisation 0002`` loads a frozen copy of these rows (``0002_admin_units.json``); a
test compares the two, so that a newer release of the package comes with a data migration.
"""

from __future__ import annotations

from typing import Any

import vietnam_provinces as vp


def unit_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (provinces, communes) as plain rows; codes zero-padded as in the official list."""
    provinces = [
        {"code": f"{int(p.code):02d}", "name": p.name, "division_type": p.division_type.value}
        for p in vp.Province.iter_all()
    ]
    communes = [
        {
            "code": f"{int(w.code):05d}",
            "name": w.name,
            "division_type": w.division_type.value,
            "parent": f"{int(w.province_code):02d}",
        }
        for w in vp.Ward.iter_all()
    ]
    return provinces, communes


def load_admin_units(admin_unit_model: Any) -> int:
    """Insert the units that are missing; return how many were added. Safe to run again.

    Takes the model class so a data migration can pass its historical model.
    """
    provinces, communes = unit_rows()
    existing = set(admin_unit_model.objects.values_list("code", flat=True))
    new_provinces = [
        admin_unit_model(code=p["code"], name=p["name"], kind="province", division_type=p["division_type"])
        for p in provinces
        if p["code"] not in existing
    ]
    admin_unit_model.objects.bulk_create(new_provinces, batch_size=500)
    by_code = {u.code: u.pk for u in admin_unit_model.objects.filter(kind="province")}
    new_communes = [
        admin_unit_model(
            code=c["code"],
            name=c["name"],
            kind="commune",
            division_type=c["division_type"],
            parent_id=by_code[c["parent"]],
        )
        for c in communes
        if c["code"] not in existing
    ]
    admin_unit_model.objects.bulk_create(new_communes, batch_size=500)
    return len(new_provinces) + len(new_communes)
