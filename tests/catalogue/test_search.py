"""Accent- and case-insensitive search over the catalogue (same SQL on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.catalogue.models import Procedure
from motcua.catalogue.search import search_procedures

pytestmark = pytest.mark.django_db


def _codes(query: str, **kw: Any) -> list[str]:
    return [p.code for p in search_procedures(query, **kw)]


@pytest.mark.parametrize(
    "query",
    [
        "Đăng ký khai sinh",
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "DANG ky KHAI sinh",
        "khai sinh đăng ký",
        "sinh   dang  khai ky",
    ],
)
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
    assert _codes("khai sinh xây dựng") == []
    assert _codes("xyz") == []
    # The copy of a civil-status extract names both events in its result ("khai sinh, kết hôn, khai tử").
    assert _codes("trích lục khai sinh kết hôn") == ["2.000635"]


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


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        # i/y spelled either way (ký/kí, lý/lí)
        ("dang ki khai sinh", "1.001193", {"2.000986"}),
        ("đăng kí khai sinh", "1.001193", {"2.000986"}),
        ("lí lịch tư pháp", "3.000333", set()),
        ("chứng thực chữ kí", "2.000884", set()),
        # the result's name
        ("giay khai sinh", "1.001193", {"2.000986", "2.000635"}),
        ("Giấy chứng nhận kết hôn", "1.000894", set()),
        ("giấy phép xây dựng", "1.009974", set()),
        ("phiếu lý lịch tư pháp", "3.000333", set()),
        # common phrasings (data/synonyms.json) and question words
        ("làm giấy khai sinh cho con", "1.001193", {"2.000986", "2.000635"}),
        ("thủ tục đăng ký khai sinh online", "1.001193", {"2.000986"}),
        ("nhập hộ khẩu", "1.004222", {"2.000986"}),
        ("đăng ký hộ khẩu", "1.004222", {"2.000986"}),
        ("khai báo tạm trú", "1.004194", set()),
        ("giấy xác nhận độc thân", "1.004873", set()),
        ("xin giấy độc thân", "1.004873", set()),
        ("công chứng bản sao", "2.000815", set()),
        ("photo công chứng", "2.000815", set()),
        ("giấy chứng tử", "1.000656", {"2.000815"}),  # every word is also in "chứng thực bản sao từ … giấy tờ"
        ("đăng ký cưới", "1.000894", set()),
        ("xin phép xây nhà", "1.009974", set()),
        ("đăng ký kinh doanh", "2.000720", set()),
        ("bản sao giấy khai sinh", "1.001193", {"2.000635"}),  # birth registration issues copies too
        ("thẻ BHYT cho trẻ", "2.000986", set()),
    ],
)
def test_common_phrasings_find_the_procedure(demo_catalogue: Any, query: str, first: str, also: set[str]) -> None:
    codes = _codes(query)
    assert codes[0] == first
    assert set(codes) == {first} | also


def test_search_pages_and_api_use_the_same_search(demo_catalogue: Any, client: Any) -> None:
    page = client.get("/thu-tuc/", {"q": "dang ki khai sinh"}).content.decode()
    assert "/thu-tuc/1.001193/" in page and "/thu-tuc/2.000986/" in page and "/thu-tuc/1.004222/" not in page
    api = client.get("/api/v1/procedures", {"q": "giay khai sinh"}).json()
    assert [item["code"] for item in api["items"]] == ["1.001193", "2.000635", "2.000986"]
