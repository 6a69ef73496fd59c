"""Reads of the exchange with the national portal: the sync log and a dossier's panel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier
from motcua.national_portal.models import Intake, NationalLink, StatusSync
from motcua.national_portal.services.sync import may_manage

STATES = StatusSync.State.choices
OUTCOMES = Intake.Outcome.choices


def syncs(state: str = "") -> QuerySet[StatusSync]:
    qs = StatusSync.objects.select_related("dossier").order_by("-created_at", "-id")
    return qs.filter(state=state) if state in StatusSync.State.values else qs


def intakes(outcome: str = "") -> QuerySet[Intake]:
    qs = Intake.objects.select_related("dossier").order_by("-received_at", "-id")
    return qs.filter(outcome=outcome) if outcome in Intake.Outcome.values else qs


def panel(user: Any, dossier: Dossier) -> dict[str, Any]:
    """The dossier's national code and sync lines (for the back office's dossier page)."""
    return {
        "link": NationalLink.objects.filter(dossier=dossier).first(),
        "syncs": list(StatusSync.objects.filter(dossier=dossier).order_by("sequence")),
        "may_resend": may_manage(user),
    }
