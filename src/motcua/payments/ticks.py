"""Periodic payment work run by the worker: assess fees of dossiers waiting in status 6 (which
queues the "payment_requested" notice) and expire pending payments."""

from __future__ import annotations

from motcua.core.actor import SYSTEM
from motcua.core.ticks import tick
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.services.fees import assess_fees
from motcua.payments.services.payments import expire_overdue


def assess_waiting() -> int:
    """Assess the fees of dossiers in "fee_requested" that have no assessment yet; return how many."""
    ids = list(
        Dossier.objects.filter(status=Status.FEE_REQUESTED, fee_assessment__isnull=True).values_list("pk", flat=True)[
            :200
        ]
    )
    for pk in ids:
        assess_fees(pk, actor=SYSTEM)
    return len(ids)


@tick(60)
def payments_tick() -> None:
    assess_waiting()
    expire_overdue()
