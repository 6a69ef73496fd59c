"""Public tracking by code (tra cứu hồ sơ): status and dates only, no personal data.

One query on the unique code index, written as SQL so the hot path skips the ORM's query
compilation; the public API (``api.fastpath`` and the ninja route) presents this dictionary.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection

from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import NATIONAL_STATUS, Status
from motcua.organisation.models import Agency

_SQL = (
    "SELECT d.code, d.status, d.submitted_at, d.received_at, d.due_at, d.finished_at, d.returned_at, d.timeliness, "  # noqa: S608 - table names from the models
    f"p.code, v.name, a.code, a.name FROM {Dossier._meta.db_table} d "
    f"JOIN {ProcedureVersion._meta.db_table} v ON v.id = d.procedure_version_id "
    f"JOIN {Procedure._meta.db_table} p ON p.id = v.procedure_id "
    f"JOIN {Agency._meta.db_table} a ON a.id = d.handling_agency_id WHERE d.code = %s"
)


def _aware(value: datetime | None) -> datetime | None:
    # PostgreSQL returns aware UTC datetimes; SQLite returns naive ones, stored in UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def public_status(code: str) -> dict[str, Any] | None:
    """Return what anyone may see of the dossier with ``code`` (API schema TrackOut), or None.

    ``status_label`` is in the active language.
    """
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [code.strip().upper()])
        row = cursor.fetchone()
    if row is None:
        return None
    (code, status, submitted, received, due, finished, returned, timeliness,
     procedure_code, version_name, agency_code, agency_name) = row
    s = Status(status)
    return {
        "code": code, "status": s.value, "status_label": str(s.label), "national_status": NATIONAL_STATUS[s],
        "procedure": {"code": procedure_code, "name": version_name},
        "handling_agency": {"code": agency_code, "name": agency_name},
        "submitted_at": _aware(submitted), "received_at": _aware(received), "due_at": _aware(due),
        "finished_at": _aware(finished), "returned_at": _aware(returned), "timeliness": timeliness,
    }
