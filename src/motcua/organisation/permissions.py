"""What an official may do where: roles are held within one agency."""

from __future__ import annotations

from typing import Any

from motcua.organisation.models import OfficialRole


def roles_at(user: Any, agency_id: int) -> set[str]:
    """Return the active roles ``user`` holds at the agency ``agency_id``."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OfficialRole.objects.filter(user=user, agency_id=agency_id, active=True).values_list("role", flat=True))


def agencies_of(user: Any, roles: set[str] | None = None) -> list[int]:
    """Return the ids of the agencies where ``user`` holds any (or one of ``roles``) role."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = OfficialRole.objects.filter(user=user, active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("agency_id", flat=True).distinct())
