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
from motcua.dossiers.models import DossierCodeCounter

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


def provisional_code() -> str:
    """Return a unique placeholder for a dossier row whose number is taken just before the commit."""
    return f"{PROVISIONAL_PREFIX}{uuid.uuid4().hex}"
