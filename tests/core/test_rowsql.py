"""Precompiled single-row SQL: rows load, update and insert exactly as the ORM does, on both databases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext, isolate_apps

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
        "đổi bởi người khác",
        "0987654321",
        {"purpose": "Mục đích khác"},
    )


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
    # The writes, then the crash that must undo them all: one block on purpose.
    with CaptureQueriesContext(connection) as queries, pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012
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


# The models written by hand-made SQL: what the ORM's save() would do and rowsql does not.
WRITTEN = {
    "dossiers.Dossier",
    "dossiers.DossierEvent",
    "dossiers.DossierCodeCounter",
    "core.OutboxMessage",
    "stats.DailyCount",
}


def test_models_written_by_rowsql_have_no_save_signals_no_save_and_no_mutable_fields() -> None:
    assert {m._meta.label for m in rowsql.registered()} == WRITTEN
    for model in rowsql.registered():
        assert rowsql.problems(model) == [], model


@isolate_apps("motcua.core")
def test_the_guard_names_a_receiver_a_save_and_a_mutable_field() -> None:
    class Tags(models.CharField):  # type: ignore[type-arg]  # a field type whose values rowsql cannot vouch for
        pass

    class Watched(models.Model):
        tags = Tags(max_length=10)
        seen = models.DateTimeField(auto_now=True)
        data = models.JSONField(default=dict)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.tags

        def save(self, *args: Any, **kwargs: Any) -> None:
            super().save(*args, **kwargs)

    def receiver(**kwargs: Any) -> None:
        pass

    post_save.connect(receiver, sender=Watched)
    try:
        found = rowsql.problems(Watched)
    finally:
        post_save.disconnect(receiver, sender=Watched)
    assert found == [
        "a post_save receiver is connected for Watched",
        "Watched has a save() of its own",
        "Watched.tags is a Tags, whose value may be mutable",
        "Watched.seen is auto_now",
    ]
    pre_save.connect(receiver, sender=DossierEvent)
    try:
        assert rowsql.problems(DossierEvent) == ["a pre_save receiver is connected for DossierEvent"]
    finally:
        pre_save.disconnect(receiver, sender=DossierEvent)
    with pytest.raises(TypeError, match="not declared"):
        rowsql.insert_statement(Watched(tags="a"))


def test_names_are_the_models_columns_quoted_by_the_connection() -> None:
    q = connection.ops.quote_name
    assert rowsql.names(DossierEvent, "dossier", "agency_id", "at", connection=connection) == (
        q("dossiers_dossierevent"),
        q("dossier_id"),
        q("agency_id"),
        q("at"),
    )
    with pytest.raises(FieldDoesNotExist):
        rowsql.names(DossierEvent, "no_such_field", connection=connection)


@pytest.mark.django_db
def test_the_outbox_insert_names_every_column_and_keeps_the_first_message(frozen: Any) -> None:
    frozen(T0)
    sql, params = outbox.enqueue_statement(topic="t", key="k-1", payload={"n": "ư"})
    columns = [
        connection.ops.quote_name(str(f.column)) for f in OutboxMessage._meta.concrete_fields if not f.primary_key
    ]
    assert sql.startswith(f"INSERT INTO {connection.ops.quote_name('core_outboxmessage')} ({', '.join(columns)})")
    assert len(params) == len(columns)
    first = outbox.enqueue(topic="t", key="k-1", payload={"n": 1})
    assert first is not None and outbox.enqueue(topic="t", key="k-1", payload={"n": 2}) is None
    stored = OutboxMessage.objects.get(key="k-1")
    assert (stored.pk, stored.payload, stored.status, stored.attempts, stored.last_error, stored.sent_at) == (
        first.pk,
        {"n": 1},
        "pending",
        0,
        "",
        None,
    )
    assert stored.next_attempt_at == stored.created_at == T0 == first.created_at


@pytest.mark.django_db
def test_fetch_values_converts_as_the_orm_does(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)

    names = ("code", "submitted_at", "form_data", "procedure_version__procedure__code")

    def query() -> Any:
        return Dossier.objects.filter(code="").order_by().values_list(*names)

    assert rowsql.fetch_values("test-values", query, [d.code]) == Dossier.objects.values_list(*names).get(pk=d.pk)
    found = rowsql.fetch_values("test-values", query, [d.code])
    assert found is not None and found[1] == T0 and found[1].tzinfo is not None
    assert rowsql.fetch_values("test-values", query, ["H26.101-000000-0000"]) is None
    with pytest.raises(AssertionError, match="1 parameters, not 2"):
        rowsql.fetch_values("test-values-2", query, [d.code, 1])


@pytest.mark.django_db
def test_insert_values_fills_the_defaults_and_refuses_unknown_names(frozen: Any) -> None:
    frozen(T0)
    sql, params = rowsql.insert_values(
        OutboxMessage, {"key": "k-2", "topic": "t", "next_attempt_at": T0, "created_at": T0}
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    stored = OutboxMessage.objects.get(key="k-2")
    assert (stored.payload, stored.status, stored.attempts, stored.last_error) == ({}, "pending", 0, "")
    with pytest.raises(TypeError, match=r"not columns of OutboxMessage: \['colour'\]"):
        rowsql.insert_values(OutboxMessage, {"key": "k-3", "colour": "red"})
