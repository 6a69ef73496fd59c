"""A catalogue form field may declare a register source (``population.name``): checked at import."""

from __future__ import annotations

from motcua.catalogue.form_schema import asked_fields, field_spec_errors, required_applicant_fields, validate_form_data
from tests.registers.conftest import FORM


def test_the_register_sources_of_the_test_form_are_valid_and_asked() -> None:
    assert field_spec_errors(FORM) == []
    assert [spec["name"] for spec in asked_fields(FORM)] == [spec["name"] for spec in FORM]
    assert required_applicant_fields(FORM) == {}


def test_a_wrong_register_source_is_named() -> None:
    errors = field_spec_errors(
        [
            {"name": "a", "label": "A", "type": "text", "source": "population.shoe_size"},
            {"name": "b", "label": "B", "type": "number", "source": "population.name"},
            {"name": "c", "label": "C", "type": "text", "source": "land.owner"},
        ]
    )
    paths = [path for path, _message in errors]
    assert paths == ["[0].source", "[1].source", ""]
    assert "population.birth_date" in errors[0][1]
    assert "text" in errors[1][1]
    assert "land.parcel" in errors[2][1]


def test_a_register_field_is_validated_like_any_typed_field() -> None:
    specs = [
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "max": "today", "source": "population.birth_date"}
    ]
    assert validate_form_data(specs, {"ngay_sinh": "12/04/1985"}, applicant={"name": "x"}) == {
        "ngay_sinh": "1985-04-12"
    }
