"""Fee lines by rule: per unit of a form field, free units, a unit cap, an amount cap and a multiplier."""

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
    multiplier_field: str = ""


def test_rules() -> None:
    assert charge(Line(10000), {}) == 10000  # fixed amount
    extra_copies = Line(5000, "so_phieu", free_quantity=2)  # judicial record: from the 3rd copy
    assert [charge(extra_copies, {"so_phieu": n}) for n in (1, 2, 3, 5)] == [0, 0, 5000, 15000]
    first_pages = Line(2000, "trang", max_quantity=2)
    more_pages = Line(1000, "trang", free_quantity=2, max_amount=196000)
    assert [charge(first_pages, {"trang": n}) + charge(more_pages, {"trang": n}) for n in (1, 2, 3, 10, 500)] == [
        2000,
        4000,
        5000,
        12000,
        200000,
    ]  # Circular 226/2016: at most 200,000 đ per copy
    assert charge(extra_copies, {"so_phieu": "abc"}) == 0 and charge(extra_copies, {}) == 0


def test_multiplier_multiplies_each_capped_copy() -> None:
    first_pages = Line(2000, "trang", max_quantity=2, multiplier_field="ban")
    more_pages = Line(1000, "trang", free_quantity=2, max_amount=196000, multiplier_field="ban")

    def total(pages: Any, copies: Any) -> int:
        return charge(first_pages, {"trang": pages, "ban": copies}) + charge(
            more_pages, {"trang": pages, "ban": copies}
        )

    assert total(3, 2) == 10000  # (2 × 2,000 + 1,000) × 2
    assert total(3, 1) == 5000 and total(1, 3) == 6000 and total("3", "2") == 10000
    assert total(500, 2) == 400000  # the 200,000 đ cap holds per copy
    assert total(3, 0) == 0
    assert total(3, "") == 5000  # an empty multiplier counts as one
    assert charge(Line(10000, multiplier_field="ban"), {"ban": 4}) == 40000  # a fixed amount per case × cases


@pytest.mark.django_db
def test_demo_rules_are_imported(demo_catalogue: dict[str, Any]) -> None:
    version = Procedure.objects.get(code="3.000333").current_version
    assert version is not None
    lines = list(version.fees.all())
    assert [(f.amount, f.quantity_field, f.free_quantity) for f in lines] == [
        (200000, "", 0),
        (5000, "so_luong_phieu", 2),
    ]
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


@pytest.mark.django_db
def test_certified_copy_of_three_pages_in_two_copies_costs_10000(demo_catalogue: dict[str, Any]) -> None:
    """2.000815 (Circular 226/2016/TT-BTC): 2,000 đ per page for pages 1–2, 1,000 đ from the 3rd, per copy."""
    from motcua.catalogue.terms import TERMS, version_terms
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.reception import fees_due
    from motcua.payments.services.fees import listed_fees

    version = Procedure.objects.get(code="2.000815").current_version
    assert version is not None
    assert [(f.amount, f.quantity_field, f.multiplier_field) for f in version.fees.all()] == [
        (2000, "so_trang_ban_chinh", "so_ban_sao"),
        (1000, "so_trang_ban_chinh", "so_ban_sao"),
    ]
    TERMS.clear()
    dossier = Dossier(procedure_version=version, form_data={"so_trang_ban_chinh": 3, "so_ban_sao": 2})
    assert version_terms(version.pk).fees_due(dossier.form_data) == 10000  # reception (catalogue.terms)
    assert fees_due(dossier) == 10000
    # The payment assessment (counter, API) lists the lines with what each charges.
    assert [getattr(f, "due") for f in listed_fees(dossier)] == [8000, 2000]  # noqa: B009
    # The review step of an online submission estimates from the draft's data as typed.
    from motcua.payments.services.fees import estimate

    lines, total = estimate(version.pk, {"so_trang_ban_chinh": "3", "so_ban_sao": "2"})
    assert total == 10000 and [line.charged for line in lines] == [8000, 2000]
