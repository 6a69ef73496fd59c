"""Administrative units, agency codes (Decision 20/2020) and personal identification numbers."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.accounts.identity import birth_year, validate_personal_id
from motcua.core.errors import ValidationError
from motcua.core.models import AuditLog
from motcua.organisation.agency_codes import is_legacy, validate_agency_code
from motcua.organisation.models import AdminUnit, Agency, AgencyCode
from motcua.organisation.services import agency_change_code, agency_create


@pytest.mark.django_db
def test_administrative_units_after_the_2025_reform() -> None:
    assert AdminUnit.objects.filter(kind="province").count() == 34
    assert AdminUnit.objects.filter(kind="commune").count() == 3321
    assert AdminUnit.objects.filter(kind="commune", parent__isnull=True).count() == 0
    hoan_kiem = AdminUnit.objects.get(code="00070")
    assert (hoan_kiem.name, hoan_kiem.parent.name) == ("Phường Hoàn Kiếm", "Thành phố Hà Nội")


@pytest.mark.parametrize("code", ["H56", "H56.18.25", "H15.50.05.13", "G01.26.101", "000.17.22.H56", "000.00.00.H26"])
def test_valid_agency_codes(code: str) -> None:
    assert validate_agency_code(code.lower()) == code


@pytest.mark.parametrize("code", ["", "Z56", "H5", "h56-18", "H56..18", "H56.18.", "A" * 36, "H56.ABCDEF", "56.H56.1"])
def test_invalid_agency_codes(code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_agency_code(code)
    assert exc.value.code == "invalid_agency_code"


def test_legacy_codes_are_recognised() -> None:
    assert is_legacy("000.17.22.H56") and not is_legacy("H56.17.22")


@pytest.mark.django_db
def test_agency_code_history_keeps_the_old_code() -> None:
    agency = agency_create(code="000.17.22.H56", name="UBND xã cũ", level="commune", valid_from=date(2020, 1, 1))
    agency_change_code(agency=agency, new_code="H56.17.22", on=date(2025, 7, 1))
    agency.refresh_from_db()
    assert agency.code == "H56.17.22"
    history = list(AgencyCode.objects.filter(agency=agency).values_list("code", "valid_from", "valid_to"))
    assert history == [("000.17.22.H56", date(2020, 1, 1), date(2025, 7, 1)), ("H56.17.22", date(2025, 7, 1), None)]
    assert list(AuditLog.objects.filter(object_id=str(agency.pk)).values_list("action", flat=True)) == [
        "agency.create",
        "agency.change_code",
    ]


@pytest.mark.django_db
def test_invalid_agency_code_writes_nothing() -> None:
    with pytest.raises(ValidationError):
        agency_create(code="bad code", name="X", level="commune")
    assert Agency.objects.count() == 0 and AuditLog.objects.count() == 0


@pytest.mark.parametrize(("number", "year"), [("001085012345", 1985), ("079203000001", 2003), ("096199999999", 1999)])
def test_valid_personal_ids(number: str, year: int) -> None:
    assert validate_personal_id(number) == number
    assert birth_year(number) == year


@pytest.mark.parametrize(
    "number", ["00108501234", "0010850123456", "00108501234a", "003085012345", "100085012345", "001485012345", ""]
)
def test_invalid_personal_ids(number: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_personal_id(number, today=date(2026, 11, 22))
    assert exc.value.code == "invalid_personal_id"


def test_personal_id_birth_year_in_the_future_is_invalid() -> None:
    with pytest.raises(ValidationError):
        validate_personal_id("001227012345", today=date(2026, 11, 22))  # 2027
    assert validate_personal_id("001226012345", today=date(2026, 11, 22))
