"""The dossier code's one format (Circular 01/2018/TT-VPCP art. 19), in Python and in SQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection

from motcua.core.clock import VN_TZ
from motcua.dossiers import code_format
from motcua.dossiers.models import DossierCodeCounter
from tests.helpers import submit

T0 = datetime(2026, 11, 23, 23, 30, tzinfo=VN_TZ)  # late evening: the local day, not the UTC one


def test_format_prefix_and_running_number() -> None:
    day = date(2026, 11, 23)
    assert code_format.format_code("H26.101", day, 1) == code_format.EXAMPLE == "H26.101-261123-0001"
    assert code_format.prefix("000.17.22.H56", day) == "000.17.22.H56-261123-"
    assert code_format.format_code("H26.101", day, 12345) == "H26.101-261123-12345"
    assert code_format.running_number("000.17.22.H56-261123-0042") == "0042"
    found = code_format.IN_TEXT.search(f"MA HS:{code_format.format_code('H15.50.05.13', day, 975)}.")
    assert found is not None and found.group(1) == "H15.50.05.13-261123-0975"


@pytest.mark.django_db
def test_number_sql_writes_the_number_as_format_code_does() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQL form is used on PostgreSQL only (SQLite numbers through format_code)")
    day = date(2026, 11, 23)
    for n in (1, 42, 9999, 10000, 1234567):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT %s || {code_format.number_sql('t.n')} FROM (SELECT %s::integer AS n) AS t",  # noqa: S608
                [code_format.prefix("H26.101", day), n],
            )
            assert cursor.fetchone()[0] == code_format.format_code("H26.101", day, n)


@pytest.mark.django_db
def test_submissions_past_the_ten_thousandth_of_a_day_get_five_digits(world: Any, frozen: Any) -> None:
    frozen(T0)
    DossierCodeCounter.objects.create(agency_code="H26.101", day=date(2026, 11, 23), last=9998)
    assert [submit(world).code for _ in range(2)] == ["H26.101-261123-9999", "H26.101-261123-10000"]
