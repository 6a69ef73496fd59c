"""Every URL pattern is checked by a layout test or excluded with a reason (tests/e2e/pages.py)."""

from __future__ import annotations

from tests.e2e.pages import (
    CITIZEN_PAGES,
    EXCLUDED,
    EXCLUDED_PREFIXES,
    OFFICIAL_PAGES,
    route_of,
    url_patterns,
)


def test_every_url_pattern_is_checked_or_excluded_with_a_reason() -> None:
    patterns = url_patterns()
    assert len(patterns) == len(set(patterns))
    listed = CITIZEN_PAGES | OFFICIAL_PAGES
    unchecked = sorted(set(patterns) - listed - set(EXCLUDED))
    assert unchecked == [], "a new page: add it to a layout test's list (tests/e2e/pages.py) or exclude it"
    gone = sorted((listed | set(EXCLUDED)) - set(patterns))
    assert gone == [], "listed in tests/e2e/pages.py but no longer in the URLconf"
    assert listed & set(EXCLUDED) == set()
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXCLUDED_PREFIXES.values()])


def test_addresses_resolve_to_their_patterns() -> None:
    assert route_of("http://127.0.0.1:8000/tai-khoan/ho-so/H26.101-261123-0001/?x=1#bo-sung") == (
        "tai-khoan/ho-so/<str:code>/"
    )
    assert route_of("http://127.0.0.1:8000/") == ""
    assert route_of("http://127.0.0.1:8000/khong-co-trang-nay/") is None
