"""Fee lines by rule: per unit of a form field, free units, a unit cap and an amount cap."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.catalogue.fees import charge
from motcua.catalogue.models import Procedure
from motcua.catalogue.services.importing import import_catalogue
from motcua.core.errors import ValidationError


@dataclass
class Line:
    amount: int
    quantity_field: str = ""
    free_quantity: int = 0
    max_quantity: int | None = None
    max_amount: int | None = None


def test_rules() -> None:
    assert charge(Line(10000), {}) == 10000  # fixed amount
    extra_copies = Line(5000, "so_phieu", free_quantity=2)  # judicial record: from the 3rd copy
    assert [charge(extra_copies, {"so_phieu": n}) for n in (1, 2, 3, 5)] == [0, 0, 5000, 15000]
    first_pages = Line(2000, "trang", max_quantity=2)
    more_pages = Line(1000, "trang", free_quantity=2, max_amount=196000)
    assert [charge(first_pages, {"trang": n}) + charge(more_pages, {"trang": n}) for n in (1, 2, 3, 10, 500)] == [
        2000, 4000, 5000, 12000, 200000]  # Circular 226/2016: at most 200,000 đ per copy
    assert charge(extra_copies, {"so_phieu": "abc"}) == 0 and charge(extra_copies, {}) == 0


@pytest.mark.django_db
def test_demo_rules_are_imported(demo_catalogue: dict[str, Any]) -> None:
    version = Procedure.objects.get(code="3.000333").current_version
    assert version is not None
    lines = list(version.fees.all())
    assert [(f.amount, f.quantity_field, f.free_quantity) for f in lines] == [(200000, "", 0), (5000, "so_luong_phieu", 2)]
    assert sum(charge(f, {"so_luong_phieu": "4"}) for f in lines) == 210000
    assert sum(charge(f, {"so_luong_phieu": "1"}) for f in lines) == 200000


@pytest.mark.django_db
def test_rule_on_a_field_that_is_not_a_number_is_rejected(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    proc = next(p for p in data["procedures"] if p["code"] == "3.000333")
    proc["fees"][1]["quantity_field"] = "ho_ten"
    proc["fees"][1]["free_quantity"] = -1
    with pytest.raises(ValidationError) as exc:
        import_catalogue(data)
    paths = [e["path"] for e in exc.value.details["errors"]]
    assert any(p.endswith("fees[1].quantity_field") for p in paths)
    assert any(p.endswith("fees[1].free_quantity") for p in paths)
    assert Procedure.objects.count() == 0


@pytest.mark.django_db
def test_reception_and_payment_assessment_use_the_rule(demo_catalogue: dict[str, Any]) -> None:
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.reception import fees_due
    from motcua.payments.services.fees import listed_fees

    version = Procedure.objects.get(code="3.000333").current_version
    for copies, expected in [("1", 200000), ("2", 200000), ("5", 215000)]:
        dossier = Dossier(procedure_version=version, form_data={"so_luong_phieu": copies})
        assert fees_due(dossier) == expected
        assert [getattr(f, "due") for f in listed_fees(dossier)] == [200000, expected - 200000]  # noqa: B009
