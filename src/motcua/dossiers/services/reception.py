"""The reception step shared by online reception and counter submission (Decree 61/2018 art. 17)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.catalogue.terms import version_terms
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.dossiers.models import ClockPause, Dossier
from motcua.dossiers.services.timing import start_clock
from motcua.dossiers.statuses import Status


def fees_due(dossier: Dossier) -> int:
    """Return the fees (VND) the dossier owes by its procedure's fee lines and its form data."""
    return version_terms(dossier.procedure_version_id).fees_due(dossier.form_data)


def accept(d: Dossier, *, officer: Any, now: datetime) -> dict[str, Any]:
    """Start the legal clock and set the status after reception; return data for the history.

    When the procedure requires payment before processing and fees are due, the status is
    "fee_requested" (national 6) and the clock waits until the fees are paid.
    """
    start_clock(d, now)
    d.received_by = officer if getattr(officer, "pk", None) else None
    d.status = Status.RECEIVED
    data: dict[str, Any] = {"due_at": clock.utc_iso(d.due_at) if d.due_at else None}
    due = fees_due(d)
    if version_terms(d.procedure_version_id).payment_before_processing and due > 0:
        d.status = Status.FEE_REQUESTED
        ClockPause.objects.create(dossier=d, paused_at=now, due_at_before=d.due_at, reason="fee")
        data["fee_due"] = due
    # The procedure's internal process starts with the legal clock (its steps pause with it).
    # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
    from motcua.processes.flow import begin

    data.update(begin(d, actor=Actor(user=officer if getattr(officer, "pk", None) else None, channel="web"), now=now))
    return data
