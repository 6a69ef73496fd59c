"""Dossier codes (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19.

``<receiving agency code>-<YYMMDD>-<NNNN>`` (the format: ``dossiers.code_format``): the running
number is per agency and local day (Asia/Ho_Chi_Minh), unique and gap-free. The counter row is
incremented (one upsert, which locks it) in the transaction that creates the dossier, so a
rolled-back submission gives its number
back. Every submission at an agency on a day waits for that row: take the number as the last step
before the commit (see submission._create), so the lock is held as briefly as possible.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from motcua.core import rowsql
from motcua.core.clock import VN_TZ
from motcua.dossiers.code_format import format_code, number_sql, prefix
from motcua.dossiers.models import Dossier, DossierCodeCounter

PROVISIONAL_PREFIX = "~"


def _next_sql(db: BaseDatabaseWrapper) -> str:
    table, agency_code, day, last = rowsql.names(DossierCodeCounter, "agency_code", "day", "last", connection=db)
    return (
        f"INSERT INTO {table} ({agency_code}, {day}, {last}) VALUES (%s, %s, 1) "  # noqa: S608 - names from the model
        f"ON CONFLICT ({agency_code}, {day}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )


def next_dossier_code(agency_code: str, at: datetime) -> str:
    """Take the next number for ``agency_code`` on the local day of ``at``. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code() must run inside the transaction that creates the dossier")
    day = at.astimezone(VN_TZ).date()
    with connection.cursor() as cursor:
        cursor.execute(rowsql.once("code-next", _next_sql), [agency_code, day])
        (last,) = cursor.fetchone()
    return format_code(agency_code, day, last)


def _assign_sql(db: BaseDatabaseWrapper) -> str:
    """PostgreSQL: take the number and write the code into the dossier in one statement, so the
    counter row is locked for one round trip and the commit. Its parameters: agency code, day,
    the code's prefix, the dossier's id."""
    _, last = rowsql.names(DossierCodeCounter, "last", connection=db)
    table, code, pk = rowsql.names(Dossier, "code", "id", connection=db)
    return (
        f"WITH c AS ({_next_sql(db)}) UPDATE {table} SET {code} = %s || {number_sql(f'c.{last}')} "  # noqa: S608 - names from the models
        f"FROM c WHERE {table}.{pk} = %s RETURNING {table}.{code}"
    )


def assign_code(dossier: Dossier, agency_code: str, at: datetime) -> None:
    """Give the saved ``dossier`` its final code (see ``next_dossier_code``); the last write before the commit."""
    if connection.vendor != "postgresql":
        dossier.code = next_dossier_code(agency_code, at)
        Dossier.objects.filter(pk=dossier.pk).update(code=dossier.code)
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assign_code() must run inside the transaction that creates the dossier")
    day = at.astimezone(VN_TZ).date()
    with connection.cursor() as cursor:
        cursor.execute(
            rowsql.once("code-assign", _assign_sql), [agency_code, day, prefix(agency_code, day), dossier.pk]
        )
        (dossier.code,) = cursor.fetchone()


def provisional_code() -> str:
    """Return a unique placeholder for a dossier row whose number is taken just before the commit."""
    return f"{PROVISIONAL_PREFIX}{uuid.uuid4().hex}"
