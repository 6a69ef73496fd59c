"""Single-row SQL built once per model, for the dossier transition's hot path.

The ORM compiles every statement anew; on the transitions benchmark that compilation was the
largest part of a transition's Python time. These helpers let the ORM compile a statement once
per model, database and shape, keep its SQL and converters, and afterwards only adapt values:

- ``lock`` / ``lock_with`` load a row ``FOR UPDATE`` (plain SELECT where the database has no row
  locks), ``lock_with`` also computing extra SQL expressions in the same statement;
- ``snapshot`` + ``update_statement`` write only the columns whose value changed;
- ``insert`` adds a row and returns its primary key; ``insert_statement`` inserts one whose key
  was reserved with ``next_id_sql``;
- ``Batch`` sends independent writes of a transaction in one round trip on PostgreSQL;
- ``fetch_values`` runs a one-row ``values_list`` query compiled once, with the ORM's converters;
- ``names`` gives the quoted table and column names for the few statements written by hand
  (upserts, correlated subqueries): every identifier comes from the model's ``_meta``, quoted by
  the connection, and every such statement is built once per connection with ``once``.

Values go through the fields' own ``get_db_prep_save`` and the backend's converters, so a row is
stored and loaded exactly as the ORM would store and load it. No signals are sent and no
``save()`` runs: the models written this way are declared with ``register`` (next to their
class), and ``problems`` (run for each by a test) refuses one with a save signal receiver, a
``save()`` of its own or a field whose value could change in place unseen by ``snapshot``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# Per connection (each thread has its own; converters are bound to it): (kind, model, shape) -> plan.
_by_connection: WeakKeyDictionary[BaseDatabaseWrapper, dict[tuple[Any, ...], Any]] = WeakKeyDictionary()


def _plans(connection: BaseDatabaseWrapper) -> dict[tuple[Any, ...], Any]:
    plans = _by_connection.get(connection)
    if plans is None:
        plans = _by_connection[connection] = {}
    return plans


def once(key: Any, build: Callable[[BaseDatabaseWrapper], T], *, using: str = DEFAULT_DB_ALIAS) -> T:
    """Return ``build(connection)``, computed once per connection and ``key`` (SQL built by hand)."""
    plans = _plans(connections[using])
    full = ("once", key)
    if full not in plans:
        plans[full] = build(connections[using])
    return plans[full]  # type: ignore[no-any-return]


def names(model: type[models.Model], *fields: str, connection: BaseDatabaseWrapper) -> tuple[str, ...]:
    """Return the quoted table name of ``model``, then the quoted column of each of ``fields``.

    A field is named as in the ORM (``"agency"`` or ``"agency_id"`` give the foreign key's column).
    """
    quote = connection.ops.quote_name
    return (quote(model._meta.db_table), *(quote(_col(model._meta.get_field(f))) for f in fields))


def _convert(values: list[Any], converters: dict[int, Any], connection: BaseDatabaseWrapper) -> list[Any]:
    """Apply the backend's and the fields' converters (``SQLCompiler.get_converters``) to a row."""
    for i, (convs, expression) in converters.items():
        value = values[i]
        for convert in convs:
            value = convert(value, expression, connection)
        values[i] = value
    return values


def _lock_plan(model: type[M], using: str, extra: tuple[str, ...]) -> tuple[str, dict[int, Any]]:
    plans = _plans(connections[using])
    key = ("lock", model, extra)
    plan = plans.get(key)
    if plan is None:
        query = model._default_manager.using(using).select_for_update().filter(pk=0).order_by().query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if len(params) != 1 or len(compiler.select) != len(model._meta.concrete_fields) or " FROM " not in sql:
            raise AssertionError(f"unexpected lock query for {model.__name__}: {sql}")
        if extra:
            head, tail = sql.split(" FROM ", 1)
            sql = f"{head}, {', '.join(extra)} FROM {tail}"
        converters = compiler.get_converters([col for col, _, _ in compiler.select])
        plan = plans[key] = (sql, converters)
    return plan


def lock(model: type[M], pk: Any, *, using: str = DEFAULT_DB_ALIAS) -> M | None:
    """Return the row ``pk`` of ``model`` locked until the end of the transaction, or None."""
    found = lock_with(model, pk, (), [], using=using)
    return found[0] if found else None


def lock_with(
    model: type[M], pk: Any, extra: tuple[str, ...], extra_params: list[Any], *, using: str = DEFAULT_DB_ALIAS
) -> tuple[M, tuple[Any, ...]] | None:
    """``lock``, also returning the values of the SQL expressions ``extra`` (their parameters
    ``extra_params``) computed in the same statement; None if there is no such row."""
    sql, converters = _lock_plan(model, using, extra)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra_params, pk])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(_attnames(model))
    values = _convert(list(row[:width]), converters, connection)
    return model.from_db(using, _attnames(model), values), tuple(row[width:])


def fetch_values(
    key: Any, build: Callable[[], models.QuerySet[Any, Any]], params: list[Any], *, using: str = DEFAULT_DB_ALIAS
) -> tuple[Any, ...] | None:
    """Return the first row of the ``values_list`` query ``build()``, or None.

    The query is compiled once per connection and ``key``; afterwards ``params`` replace, in order,
    the values it was built with (as many). Its values are converted as the ORM converts them
    (aware datetimes on SQLite too). Meant for one-row reads on a unique key.
    """
    connection = connections[using]
    plans = _plans(connection)
    full = ("values", key)
    plan = plans.get(full)
    if plan is None:
        compiler = build().query.get_compiler(using=using)
        sql, built = compiler.as_sql()
        if len(built) != len(params):
            raise AssertionError(f"{key}: the query has {len(built)} parameters, not {len(params)}")
        plan = plans[full] = (sql, compiler.get_converters([col for col, _, _ in compiler.select]))
    sql, converters = plan
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(_convert(list(row), converters, connection))


def _col(field: Any) -> str:
    """The column name of a concrete field (typed ``str | None`` by the stubs)."""
    return str(field.column)


@cache
def _attnames(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


_registered: set[type[models.Model]] = set()

# Fields whose Python values are immutable (so ``snapshot`` can keep them as they are), by exact
# class: a subclass may hold something else. JSON values are deep-copied by ``snapshot``.
IMMUTABLE_FIELDS: frozenset[type[models.Field[Any, Any]]] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
        models.BooleanField,
        models.CharField,
        models.EmailField,
        models.SlugField,
        models.URLField,
        models.TextField,
        models.DateField,
        models.DateTimeField,
        models.TimeField,
        models.DurationField,
        models.DecimalField,
        models.FloatField,
        models.UUIDField,
        models.ForeignKey,
        models.OneToOneField,
    }
)


def register(*models_: type[models.Model]) -> None:
    """Declare models that are written with this module (and so skip signals and ``save()``)."""
    _registered.update(models_)


def registered() -> frozenset[type[models.Model]]:
    return frozenset(_registered)


def problems(model: type[models.Model]) -> list[str]:
    """Return why writing ``model`` here would differ from the ORM's ``save()`` (empty: it would not)."""
    found = []
    for signal, name in ((pre_save, "pre_save"), (post_save, "post_save")):
        if signal.has_listeners(model):
            found.append(f"a {name} receiver is connected for {model.__name__}")
    if model.save is not models.Model.save or model.save_base is not models.Model.save_base:
        found.append(f"{model.__name__} has a save() of its own")
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):  # pre_save would change it on every write
            found.append(f"{model.__name__}.{f.name} is auto_now")
        if type(f) is not models.JSONField and type(f) not in IMMUTABLE_FIELDS:
            found.append(f"{model.__name__}.{f.name} is a {type(f).__name__}, whose value may be mutable")
    return found


@cache
def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    if model not in _registered:
        raise TypeError(f"{model.__name__} is not declared with rowsql.register(); use the ORM")
    if any(getattr(f, "auto_now", False) for f in model._meta.concrete_fields):
        raise TypeError(f"{model.__name__} has auto_now fields; use the ORM")
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def snapshot(obj: models.Model) -> list[Any]:
    """Return the values of ``obj``'s columns, to compare with after a change (JSON is copied)."""
    state = obj.__dict__
    return [
        copy.deepcopy(state[f.attname]) if isinstance(f, models.JSONField) else state[f.attname]
        for f in _columns(type(obj))
    ]


Statement = tuple[str, list[Any]]


def update_statement(obj: models.Model, before: list[Any], *, using: str = DEFAULT_DB_ALIAS) -> Statement | None:
    """Return the UPDATE of the columns of ``obj`` that differ from ``before`` (a ``snapshot``), or None."""
    model = type(obj)
    state = obj.__dict__
    fields = [f for f, old in zip(_columns(model), before, strict=True) if state[f.attname] != old]
    if not fields:
        return None
    connection = connections[using]
    plans = _plans(connection)
    key = ("update", model, tuple(_col(f) for f in fields))
    sql = plans.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        sql = plans[key] = (
            f"UPDATE {quote(model._meta.db_table)} SET "  # noqa: S608 - names from the model
            + ", ".join(f"{quote(_col(f))} = %s" for f in fields)
            + f" WHERE {quote(_col(model._meta.pk))} = %s"
        )
    return sql, [*(f.get_db_prep_save(state[f.attname], connection=connection) for f in fields), obj.pk]


def insert_statement(
    obj: models.Model, *, using: str = DEFAULT_DB_ALIAS, unless_exists: tuple[str, ...] = (), returning: bool = False
) -> Statement:
    """Return the INSERT of the new ``obj``.

    Its primary key is written when set (reserved with ``next_id_sql``), else the database chooses
    it. ``unless_exists``: the fields of a unique constraint; a row that would break it is not
    inserted (``ON CONFLICT (…) DO NOTHING``). ``returning``: the statement answers the new key
    (no row when nothing was inserted).
    """
    model = type(obj)
    fields = _columns(model)
    with_pk = obj.pk is not None
    connection = connections[using]
    plans = _plans(connection)
    key = ("insert-with-pk" if with_pk else "insert-without-pk", model, unless_exists, returning)
    sql = plans.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        pk = _col(model._meta.pk)
        columns = [*([pk] if with_pk else []), *(_col(f) for f in fields)]
        sql = plans[key] = (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
            + (
                f" ON CONFLICT ({', '.join(names(model, *unless_exists, connection=connection)[1:])}) DO NOTHING"
                if unless_exists
                else ""
            )
            + (f" RETURNING {quote(pk)}" if returning else "")
        )
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields]
    return sql, [obj.pk, *values] if with_pk else values


_PER_ROW = object()  # a default that is computed for each row (a callable)


def insert_values(
    model: type[models.Model],
    values: dict[str, Any],
    *,
    using: str = DEFAULT_DB_ALIAS,
    unless_exists: tuple[str, ...] = (),
    returning: bool = False,
) -> Statement:
    """Return the INSERT of a new row of ``model`` (its key chosen by the database) without an instance.

    ``values`` by field attribute name; every other column takes its field's default, prepared once
    when it is a constant. Same SQL and options as ``insert_statement``; cheaper on a hot path.
    """
    connection = connections[using]
    plans = _plans(connection)
    key = ("insert-values", model, unless_exists, returning)
    plan = plans.get(key)
    if plan is None:
        sql, _ = insert_statement(model(), using=using, unless_exists=unless_exists, returning=returning)
        defaults = [
            _PER_ROW if callable(f.default) else f.get_db_prep_save(f.get_default(), connection=connection)
            for f in _columns(model)
        ]
        plan = plans[key] = (sql, list(zip(_columns(model), defaults, strict=True)))
    sql, fields = plan
    params, used = [], 0
    for f, default in fields:
        if f.attname in values:
            params.append(f.get_db_prep_save(values[f.attname], connection=connection))
            used += 1
        else:
            params.append(
                f.get_db_prep_save(f.get_default(), connection=connection) if default is _PER_ROW else default
            )
    if used != len(values):
        raise TypeError(f"not columns of {model.__name__}: {sorted(set(values) - {f.attname for f, _ in fields})}")
    return sql, params


def insert(obj: models.Model, *, using: str = DEFAULT_DB_ALIAS) -> Any:
    """Insert the new ``obj`` (its primary key generated by the database); set and return its key."""
    if obj.pk is not None:
        raise ValueError("insert() is for a row whose key the database chooses; see insert_statement()")
    connection = connections[using]
    returning = connection.features.can_return_columns_from_insert
    sql, params = insert_statement(obj, using=using, returning=returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    _saved(obj, pk, using)
    return pk


def _saved(obj: models.Model, pk: Any, using: str) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using


class Batch:
    """Writes of one transaction that do not depend on each other, sent in one round trip.

    On PostgreSQL the statements are joined into one: ``WITH w0 AS (s0), w1 AS (s1) s2`` (every
    data-modifying statement in a WITH runs exactly once). They must not touch the same row twice.
    Elsewhere (SQLite, in-process: a round trip costs nothing) each statement runs when added.
    ``flush()`` sends what is pending; call it before the transaction ends.
    """

    def __init__(self, *, using: str = DEFAULT_DB_ALIAS) -> None:
        self.using = using
        self.connection = connections[using]
        self.joined = self.connection.vendor == "postgresql"
        self._sql: list[str] = []
        self._params: list[Any] = []

    def add(self, statement: Statement | None) -> None:
        if statement is None:
            return
        sql, params = statement
        if not self.joined:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
            return
        self._sql.append(sql)
        self._params.extend(params)

    def insert(self, obj: models.Model, pk: Any | None) -> None:
        """Insert ``obj`` with the key ``pk`` reserved by ``next_id_sql`` (None: let the database choose now)."""
        if pk is None:
            insert(obj, using=self.using)
            return
        _saved(obj, pk, self.using)
        self.add(insert_statement(obj, using=self.using))

    def flush(self) -> None:
        if not self._sql:
            return
        *first, last = self._sql
        sql = ("WITH " + ", ".join(f"w{i} AS ({s})" for i, s in enumerate(first)) + " " + last) if first else last
        params = self._params
        self._sql, self._params = [], []
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


def next_id_sql(model: type[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Return an SQL expression that reserves the next key of ``model`` (PostgreSQL), or None.

    Reserving the key lets a history line and the messages that name it be written in one
    ``Batch``; gaps left by rolled-back transactions are harmless.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    return f"nextval({serial_sequence_sql(model, connection=connection)})"


def serial_sequence_sql(model: type[models.Model], *, connection: BaseDatabaseWrapper) -> str:
    """The PostgreSQL expression naming the sequence of ``model``'s key (``pg_get_serial_sequence``).

    Its first argument is parsed as an identifier (so it is given quoted), the second is a plain
    column name; both are SQL string literals.
    """
    table = connection.ops.quote_name(model._meta.db_table).replace("'", "''")
    column = _col(model._meta.pk).replace("'", "''")
    return f"pg_get_serial_sequence('{table}', '{column}')"
