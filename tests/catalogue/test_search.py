"""Accent- and case-insensitive search over the catalogue (same SQL on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.catalogue.models import Procedure
from motcua.catalogue.search import search_procedures

pytestmark = pytest.mark.django_db


def _codes(query: str, **kw: Any) -> list[str]:
    return [p.code for p in search_procedures(query, **kw)]


@pytest.mark.parametrize("query", [
    "Đăng ký khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "DANG ky KHAI sinh", "khai sinh đăng ký",
    "sinh   dang  khai ky",
])
def test_birth_registration_found_with_or_without_accents_in_any_order(demo_catalogue: Any, query: str) -> None:
    codes = _codes(query)
    assert codes[0] == "1.001193"
    assert set(codes) == {"1.001193", "2.000986"}


def test_exact_phrase_ranks_before_scattered_words(demo_catalogue: Any) -> None:
    # "dang ky" + "thuong tru": the phrase is in 1.004222's name; the liên thông procedure only has the words.
    assert _codes("đăng ký thường trú") == ["1.004222", "2.000986"]
    assert _codes("thuong tru dang ky") == ["1.004222", "2.000986"]


def test_code_matches_and_ranks_first(demo_catalogue: Any) -> None:
    assert _codes("1.001193") == ["1.001193"]
    assert _codes("2.000815") == ["2.000815"]


def test_field_name_is_searchable(demo_catalogue: Any) -> None:
    assert _codes("chung thuc") == ["2.000815", "2.000884"]  # both phrase matches: shorter name first
    assert len(_codes("ho tich")) == 6


def test_every_word_must_match(demo_catalogue: Any) -> None:
    assert _codes("khai sinh kết hôn") == []
    assert _codes("xyz") == []


def test_filters(demo_catalogue: Any) -> None:
    assert _codes("dang ky", field_code="CU-TRU") == ["1.004194", "1.004222"]
    assert _codes("", level="central_office") == ["1.004194", "1.004222", "3.000333"]
    assert _codes("dang ky", level="commune", field_code="HO-KINH-DOANH") == ["2.000720"]


def test_empty_query_lists_active_procedures_by_code(demo_catalogue: Any) -> None:
    Procedure.objects.filter(code="1.000656").update(active=False)
    codes = _codes("  ")
    assert len(codes) == 12 and codes == sorted(codes) and "1.000656" not in codes


def test_like_wildcards_are_literal(demo_catalogue: Any) -> None:
    assert _codes("%") == [] and _codes("_") == []
