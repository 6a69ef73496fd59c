"""Dossier codes (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19.

``<receiving agency code>-<YYMMDD>-<NNNN>``: the running number is per agency and local day
(Asia/Ho_Chi_Minh), unique and gap-free. The counter row is incremented (one upsert, which locks
it) in the transaction that creates the dossier, so a rolled-back submission gives its number
back. Every submission at an agency on a day waits for that row: take the number as the last step
before the commit (see submission._create), so the lock is held as briefly as possible.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import connection, transaction

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier, DossierCodeCounter

_TABLE = DossierCodeCounter._meta.db_table
_NEXT = (f"INSERT INTO {_TABLE} (agency_code, day, last) VALUES (%s, %s, 1) "  # noqa: S608 - table name from the model
         f"ON CONFLICT (agency_code, day) DO UPDATE SET last = {_TABLE}.last + 1 RETURNING last")
PROVISIONAL_PREFIX = "~"


def next_dossier_code(agency_code: str, at: datetime) -> str:
    """Take the next number for ``agency_code`` on the local day of ``at``. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code() must run inside the transaction that creates the dossier")
    day = at.astimezone(VN_TZ).date()
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [agency_code, day])
        (last,) = cursor.fetchone()
    return f"{agency_code}-{day:%y%m%d}-{last:04d}"


_DOSSIERS = Dossier._meta.db_table
# PostgreSQL: take the number and write it into the dossier in one statement, so the counter row
# is locked for one round trip and the commit.
_ASSIGN = (f"WITH c AS ({_NEXT}) UPDATE {_DOSSIERS} SET code = %s || '-' || to_char(%s::date, 'YYMMDD') "  # noqa: S608 - table names from the models
           f"|| '-' || lpad(c.last::text, greatest(4, length(c.last::text)), '0') FROM c WHERE {_DOSSIERS}.id = %s "
           f"RETURNING {_DOSSIERS}.code")


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
        cursor.execute(_ASSIGN, [agency_code, day, agency_code, day, dossier.pk])
        (dossier.code,) = cursor.fetchone()


def provisional_code() -> str:
    """Return a unique placeholder for a dossier row whose number is taken just before the commit."""
    return f"{PROVISIONAL_PREFIX}{uuid.uuid4().hex}"
