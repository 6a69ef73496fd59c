"""What an official may do where: roles are held within one agency."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from motcua.core import rowsql
from motcua.organisation.models import OfficialRole


def _roles_at_sql(db: BaseDatabaseWrapper) -> str:
    table, role, user, agency, active = rowsql.names(OfficialRole, "role", "user", "agency", "active", connection=db)
    return f"SELECT {role} FROM {table} WHERE {user} = %s AND {agency} = %s AND {active}"  # noqa: S608 - names from the model


def roles_at(user: Any, agency_id: int | None) -> set[str]:
    """Return the active roles ``user`` holds at the agency ``agency_id``.

    Every dossier transition asks this: one indexed query, written as SQL to skip the ORM's
    query compilation on the hot path.
    """
    if not getattr(user, "is_authenticated", False) or agency_id is None:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(rowsql.once("roles_at", _roles_at_sql), [user.pk, agency_id])
        return {role for (role,) in cursor.fetchall()}


def roles_sql(agency_column: str, db: BaseDatabaseWrapper = connection) -> str:
    """An SQL expression: the active roles of a user (its one parameter) at ``agency_column``, comma-joined.

    Lets a statement that loads a row also say what the acting user may do at the row's agencies
    (the dossier transition's lock); parse the value with ``parse_roles``.
    """
    table, role, user, agency, active = rowsql.names(OfficialRole, "role", "user", "agency", "active", connection=db)
    join = f"string_agg({role}, ',')" if db.vendor == "postgresql" else f"group_concat({role}, ',')"
    return (
        f"(SELECT {join} FROM {table} "  # noqa: S608 - names from the model
        f"WHERE {user} = %s AND {agency} = {agency_column} AND {active})"
    )


def parse_roles(value: str | None) -> set[str]:
    return set(value.split(",")) if value else set()


def agencies_of(user: Any, roles: set[str] | None = None) -> list[int]:
    """Return the ids of the agencies where ``user`` holds any (or one of ``roles``) role."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = OfficialRole.objects.filter(user=user, active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("agency_id", flat=True).distinct())


# Activities outside the dossier TRANSITIONS table (dossiers/statuses.py): activity → the roles at
# an agency that may do it there. One row per decision; the services and the pages both read it.
ACTIVITY_ROLES: dict[str, frozenset[str]] = {
    # The body's fee receipts (biên lai thu phí, lệ phí): the collecting officers of the one-stop
    # counter (who take the fees), the body's head and its administrator read them.
    "receipts.view": frozenset({"reception", "head", "admin"}),
    # Cancel a receipt or issue its replacement (hủy, thay thế biên lai): the collecting officers
    # and the head; the form of a receipt is the collector's duty (practice, for legal review).
    "receipts.correct": frozenset({"reception", "head"}),
    # Open a receipt series (mẫu số, ký hiệu) for a year: the body's administrator.
    "receipts.series": frozenset({"admin"}),
    # Revoke an issued signed document (thu hồi văn bản đã ban hành): the issuing body's head, who
    # has the authority over its results, and its administrator (practice, for legal review).
    "signing.revoke": frozenset({"head", "admin"}),
}


def may(user: Any, activity: str, agency_id: int | None) -> bool:
    """Whether ``user`` holds, at ``agency_id``, a role that ``ACTIVITY_ROLES[activity]`` allows."""
    return bool(roles_at(user, agency_id) & ACTIVITY_ROLES[activity])


def agencies_for(user: Any, activity: str) -> list[int]:
    """The agencies where ``user`` may do ``activity``."""
    return agencies_of(user, set(ACTIVITY_ROLES[activity]))
