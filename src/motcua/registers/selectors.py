"""Reads of the lookup log: who may read it, and the rows each reader sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from motcua.organisation.permissions import agencies_of
from motcua.registers.models import Consent, Lookup, Verification

LOG_ROLES = {"admin", "tthc_control"}


def may_read_log(user: Any) -> bool:
    """Officials holding the admin or TTHC control role (or superusers) read the whole lookup log."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_official", False):
        return bool(getattr(user, "is_superuser", False))
    return bool(user.is_superuser or agencies_of(user, LOG_ROLES))


def log_rows(register: str = "", outcome: str = "") -> QuerySet[Lookup]:
    rows = Lookup.objects.select_related("actor", "consent", "dossier", "subject")
    if register:
        rows = rows.filter(register=register)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("-at", "-id")


def citizen_lookups(user: Any) -> QuerySet[Lookup]:
    """The lookups a citizen made or that were made about them (at the counter)."""
    return (
        Lookup.objects.filter(Q(actor_id=user.pk) | Q(subject_id=user.pk))
        .select_related("actor", "dossier")
        .order_by("-at", "-id")
    )


def citizen_consents(user: Any) -> QuerySet[Consent]:
    return Consent.objects.filter(citizen_id=user.pk).select_related("recorded_by").order_by("-given_at", "-id")


def dossier_verified(dossier_id: int) -> dict[str, Verification]:
    """The verified fields of a dossier, by field name (the register and the lookup in each row)."""
    rows = Verification.objects.filter(dossier_id=dossier_id).select_related("lookup")
    return {row.field: row for row in rows}
