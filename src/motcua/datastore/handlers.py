"""What the data store does on dossier events: an issued result lands in the applicant's store.

Dossiers may not import this app (.importlinter), so the hook runs from the outbox's ``dossier.event``
delivery, after the commit of ``issue_result`` (``dossiers.notifications.EVENT_HOOKS``); idempotent.
"""

from __future__ import annotations

from motcua.datastore.services import store
from motcua.dossiers import notifications as dossier_notices
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    if event.action != "issue_result" or dossier.applicant_id is None:
        return
    for doc_id in DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT).values_list(
        "pk", flat=True
    ):
        store.store_result(doc_id)


dossier_notices.EVENT_HOOKS.append(on_dossier_event)
