"""The partial indexes the statistics reads rely on at scale exist, with the predicates the queries match.

They are declared in ``Dossier.Meta.indexes``; dossiers 0006 builds the missing ones (concurrently on
PostgreSQL) and leaves those that the raw SQL of stats 0002/0003 made on older databases.
"""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier

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
        for ch in '()"':
            text = text.replace(ch, "")
        plain[name] = text.replace("::text", "")
    return plain


@pytest.mark.django_db
def test_partial_indexes_exist() -> None:
    found = _definitions()
    for name, predicate in EXPECTED.items():
        assert name in found, sorted(found)
        assert f"where {predicate}" in found[name], found[name]


def test_the_partial_indexes_are_declared_on_the_model() -> None:
    declared = {i.name: i for i in Dossier._meta.indexes}
    for name in ("stats_open_due", "stats_finished_at", "stats_late_apology"):
        assert declared[name].condition is not None, name
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    in_state = {i.name for i in state.models["dossiers", "dossier"].options["indexes"]}
    assert {"stats_open_due", "stats_finished_at", "stats_late_apology"} <= in_state


def _present() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Dossier._meta.db_table))


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_builds_a_missing_index_and_leaves_a_present_one() -> None:
    """Concurrently on PostgreSQL (outside a transaction), plainly on SQLite; nothing where it exists."""
    migration = importlib.import_module("motcua.dossiers.migrations.0006_statistics_partial_indexes")
    state = MigrationLoader(connection).project_state(("dossiers", "0006_statistics_partial_indexes"))
    operation = migration.AddIndexUnlessPresent(model_name="dossier", index=migration.INDEXES[1])
    assert "stats_finished_at" in _present()
    with connection.schema_editor(atomic=False) as editor:
        operation.database_backwards("dossiers", editor, state, state)
    assert "stats_finished_at" not in _present()
    with CaptureQueriesContext(connection) as queries, connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("dossiers", editor, state, state)
    creates = [q["sql"] for q in queries if q["sql"].startswith("CREATE INDEX")]
    assert len(creates) == 1 and "stats_finished_at" in _present()
    assert ("CONCURRENTLY" in creates[0]) == (connection.vendor == "postgresql")
    with CaptureQueriesContext(connection) as queries, connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("dossiers", editor, state, state)
    assert not [q for q in queries if q["sql"].startswith("CREATE")]
