"""The partial indexes the statistics reads rely on at scale exist, with the predicates the queries match."""

from __future__ import annotations

import pytest
from django.db import connection

EXPECTED = {
    "stats_open_due": "closed_at is null and received_at is not null",
    "stats_finished_at": "finished_at is not null",
    "stats_late_apology": "timeliness = 'late' and extended_at is not null",
}


def _definitions() -> dict[str, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier'")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dossiers_dossier'")
        rows = cursor.fetchall()
    plain = {}
    for name, sql in rows:
        text = (sql or "").lower()
        for ch in "()\"":
            text = text.replace(ch, "")
        plain[name] = text.replace("::text", "")
    return plain


@pytest.mark.django_db
def test_partial_indexes_exist() -> None:
    found = _definitions()
    for name, predicate in EXPECTED.items():
        assert name in found, sorted(found)
        assert f"where {predicate}" in found[name], found[name]
