"""Public tracking by code (tra cứu hồ sơ): status and dates only, no personal data.

One query on the unique code index, compiled once per connection (``core.rowsql.fetch_values``)
so the hot path skips the ORM's query compilation and converts values as the ORM does; the
public API (``api.fastpath`` and the ninja route) presents this dictionary.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.core import rowsql
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import NATIONAL_STATUS, Status

_COLUMNS = (
    "code",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "timeliness",
    "procedure_version__procedure__code",
    "procedure_version__name",
    "handling_agency__code",
    "handling_agency__name",
)


def _query() -> QuerySet[Any, Any]:
    return Dossier.objects.filter(code="").order_by().values_list(*_COLUMNS)


def public_status(code: str) -> dict[str, Any] | None:
    """Return what anyone may see of the dossier with ``code`` (API schema TrackOut), or None.

    ``status_label`` is in the active language.
    """
    row = rowsql.fetch_values("public_status", _query, [code.strip().upper()])
    if row is None:
        return None
    (
        code,
        status,
        submitted,
        received,
        due,
        finished,
        returned,
        timeliness,
        procedure_code,
        version_name,
        agency_code,
        agency_name,
    ) = row
    s = Status(status)
    return {
        "code": code,
        "status": s.value,
        "status_label": str(s.label),
        "national_status": NATIONAL_STATUS[s],
        "procedure": {"code": procedure_code, "name": version_name},
        "handling_agency": {"code": agency_code, "name": agency_name},
        "submitted_at": submitted,
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "returned_at": returned,
        "timeliness": timeliness,
    }
