"""Precompiled single-row SQL: rows load, update and insert exactly as the ORM does, on both databases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from motcua.core import outbox, rowsql
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from tests.helpers import submit

T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")


def columns(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.django_db(transaction=True)
def test_lock_loads_the_row_as_the_orm_does(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world, form_data={"purpose": "Xin cấp bản sao, Hà Nội"})
    with transaction.atomic():
        locked = rowsql.lock(Dossier, d.pk)
        assert locked is not None
        assert columns(locked) == columns(Dossier.objects.get(pk=d.pk))
        assert locked.form_data == {"purpose": "Xin cấp bản sao, Hà Nội"}
        assert locked.submitted_at.tzinfo is not None
        assert rowsql.lock(Dossier, 10**9) is None


@pytest.mark.django_db
def test_lock_with_extra_columns_returns_their_values(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    with CaptureQueriesContext(connection) as queries:
        found = rowsql.lock_with(Dossier, d.pk, ("%s + 1", "1 + 1"), [41])
    assert found is not None and found[0].pk == d.pk and list(found[1]) == [42, 2]
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        assert queries[0]["sql"].endswith("FOR UPDATE")


@pytest.mark.django_db
def test_update_writes_only_the_changed_columns(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    locked = rowsql.lock(Dossier, d.pk)
    assert locked is not None
    before = rowsql.snapshot(locked)
    assert rowsql.update_statement(locked, before) is None  # nothing changed, nothing to send
    # Someone else's write to another column (not possible under the lock; shows what is sent).
    Dossier.objects.filter(pk=d.pk).update(summary="đổi bởi người khác")
    locked.applicant_phone = "0987654321"
    locked.form_data["purpose"] = "Mục đích khác"  # a change inside the JSON value counts too
    statement = rowsql.update_statement(locked, before)
    assert statement is not None
    assert "summary" not in statement[0] and "applicant_phone" in statement[0] and "form_data" in statement[0]
    batch = rowsql.Batch()
    batch.add(statement)
    batch.flush()
    fresh = Dossier.objects.get(pk=d.pk)
    assert (fresh.summary, fresh.applicant_phone, fresh.form_data) == (
        "đổi bởi người khác", "0987654321", {"purpose": "Mục đích khác"})


@pytest.mark.django_db
def test_insert_with_a_generated_and_a_reserved_key(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    first = DossierEvent(dossier=d, at=T0, action="note", actor_name="A", to_status="submitted", data={"a": [1, "ư"]})
    assert rowsql.insert(first) == first.pk and not first._state.adding
    assert model_to_dict(DossierEvent.objects.get(pk=first.pk)) == model_to_dict(first)
    reserve = rowsql.next_id_sql(DossierEvent)
    if connection.vendor != "postgresql":
        assert reserve is None
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {reserve}")
        key = cursor.fetchone()[0]
    second = DossierEvent(dossier=d, at=T0, action="note", actor_name="B", to_status="submitted")
    batch = rowsql.Batch()
    batch.insert(second, key)
    assert second.pk == key and not DossierEvent.objects.filter(pk=key).exists()  # not sent before flush
    batch.flush()
    assert DossierEvent.objects.get(pk=key).actor_name == "B"


@pytest.mark.django_db
def test_a_batch_is_one_statement_on_postgresql_and_rolls_back_whole(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    events = DossierEvent.objects.count()
    with CaptureQueriesContext(connection) as queries, pytest.raises(RuntimeError), transaction.atomic():
        batch = rowsql.Batch()
        batch.add(("UPDATE dossiers_dossier SET summary = %s WHERE id = %s", ["mới", d.pk]))
        batch.add(outbox.enqueue_statement(topic="t", key="batch-1", payload={"n": 1}))
        batch.insert(DossierEvent(dossier=d, at=T0, action="note", actor_name="A", to_status="submitted"), None)
        batch.flush()
        assert OutboxMessage.objects.filter(key="batch-1").exists()
        raise RuntimeError("crash after the writes")
    writes = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"] and not q["sql"].startswith("SELECT")]
    if connection.vendor == "postgresql":  # the event insert (no reserved key) runs at once; the rest joined
        assert len(writes) == 2 and writes[1].startswith("WITH w0 AS (UPDATE")
    else:
        assert len(writes) == 3
    assert Dossier.objects.get(pk=d.pk).summary != "mới"
    assert not OutboxMessage.objects.filter(key="batch-1").exists()
    assert DossierEvent.objects.count() == events
