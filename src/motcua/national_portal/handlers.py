"""What the national portal app does on its own: a sync per dossier event, and the pull tick."""

from __future__ import annotations

import logging

from motcua.core.ticks import tick
from motcua.dossiers import notifications as dossier_notices
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.national_portal import conf
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.services import intake, payments, sync

log = logging.getLogger(__name__)


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    """Run by the outbox's ``dossier.event`` delivery (after the commit); idempotent."""
    sync.queue(dossier.pk)


@tick(60)
def pull_from_portal() -> None:
    """With ``MOTCUA_DVCQG_PULL``: take in the dossiers and payment confirmations filed since the last pull."""
    if not conf.pull_enabled():
        return
    try:
        intake.pull()
        payments.pull()
    except PortalError as exc:
        log.warning("national portal pull failed: %s", exc.message)


dossier_notices.EVENT_HOOKS.append(on_dossier_event)
