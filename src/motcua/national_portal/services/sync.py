"""Every status and step of a dossier, sent to the national portal in order, through the outbox.

The law asks for the progress of every dossier on the national portal, whatever its channel
(Decree 45/2020 art. 6 and 13; Decision 766/QĐ-TTg's index reads it), so by default every dossier
is synced; ``MOTCUA_DVCQG_SYNC_ALL=0`` limits the sync to the dossiers that came from the portal.

- ``queue`` runs on each ``dossier.event`` (after the commit of the change, in the worker): it
  writes one ``StatusSync`` per history line not synced yet, numbered per dossier (``sequence``),
  with the message as the line left the dossier, and queues an outbox message ``dvcqg.sync``;
- ``deliver`` (the outbox handler) sends the dossier's lowest unsent message first, then the next,
  so a later status never overtakes an earlier one. Down, slow or garbage: the error is kept and
  the outbox retries; an answer that refuses the message fails it (``PermanentError``). The portal
  deduplicates by ``MessageId``: a resend after a lost answer is not a second status;
- ``resend``: an official sends a failed message again ("Gửi lại").
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, PermissionDenied, not_found
from motcua.core.links import public_url
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.services.transitions import lock
from motcua.dossiers.statuses import INTERNAL_EVENTS
from motcua.national_portal import conf
from motcua.national_portal.dvcqg import mapping, sign
from motcua.national_portal.dvcqg.client import PortalError, PortalRefused
from motcua.national_portal.dvcqg.plugin import client
from motcua.national_portal.models import NationalLink, StatusSync
from motcua.organisation.permissions import agencies_of

TOPIC = "dvcqg.sync"
# History lines that are no step of the dossier's handling: not sent.
SKIPPED = frozenset({"upload"}) | INTERNAL_EVENTS


def message_id(event: DossierEvent) -> str:
    return f"MOTCUA-{event.dossier_id}-{event.pk}"


def result_link(doc: DossierDocument) -> str:
    """The address the portal downloads a signed result from (a link signed with the shared secret)."""
    return public_url("national_portal:result_file", doc.pk, sign(str(doc.pk).encode(), conf.secret()))


def results_of(dossier: Dossier) -> list[mapping.ResultFile]:
    docs = DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT).order_by("id")
    return [mapping.ResultFile(name=d.original_name, link=result_link(d)) for d in docs]


def synced(dossier: Dossier) -> bool:
    if not conf.enabled():
        return False
    return conf.sync_all() or NationalLink.objects.filter(dossier=dossier).exists()


def queue(dossier_id: int) -> int:
    """Write the sync messages of the dossier's history lines not synced yet, in order; return how many.

    Idempotent (one message per history line); under the dossier's lock, so two deliveries at once
    cannot number two messages alike.
    """
    with transaction.atomic():
        dossier = lock(dossier_id)
        if not synced(dossier):
            return 0
        done = set(StatusSync.objects.filter(dossier=dossier).values_list("event_id", flat=True))
        events = [
            e
            for e in DossierEvent.objects.filter(dossier=dossier).select_related("agency").order_by("id")
            if e.pk not in done and e.action not in SKIPPED
        ]
        if not events:
            return 0
        dossier = (
            Dossier.objects.select_related("procedure_version__procedure", "field", "handling_agency")
            .filter(pk=dossier_id)
            .get()
        )
        link = NationalLink.objects.filter(dossier=dossier).first()
        national_code = link.national_code if link else ""
        results = results_of(dossier)
        last = StatusSync.objects.filter(dossier=dossier).order_by("-sequence").values_list("sequence", flat=True)
        sequence = last.first() or 0
        now = clock.now()
        for event in events:
            sequence += 1
            mid = message_id(event)
            payload = mapping.status_message(
                dossier, event, message_id=mid, national_code=national_code, results=results
            )
            StatusSync.objects.create(
                dossier=dossier,
                event=event,
                sequence=sequence,
                message_id=mid,
                national_status=payload["HoSo"]["TrangThaiHoSo"],
                payload=payload,
                created_at=now,
            )
            outbox.enqueue(topic=TOPIC, key=f"dvcqg-sync:{mid}", payload={"dossier_id": dossier.pk, "message_id": mid})
    return len(events)


@outbox.register(TOPIC)
def deliver(payload: dict[str, Any]) -> None:
    """Send the dossier's unsent messages, lowest sequence first, up to and including ``message_id``."""
    target = StatusSync.objects.filter(message_id=payload["message_id"]).first()
    if target is None:
        raise outbox.PermanentError(f"no sync message {payload['message_id']}")
    while True:
        sync = (
            StatusSync.objects.filter(dossier_id=target.dossier_id, sequence__lte=target.sequence)
            .exclude(state=StatusSync.State.SENT)
            .order_by("sequence")
            .first()
        )
        if sync is None:
            return
        if sync.state == StatusSync.State.FAILED:
            if sync.pk == target.pk:
                return  # failed for good (an official may send it again)
            error = _("Chờ gửi lại thông điệp trước (%(id)s).") % {"id": sync.message_id}
            _mark(target.pk, error=error, count=False)
            raise PortalError(error)
        _send(sync)


def _send(sync: StatusSync) -> None:
    delivery = outbox.current()
    try:
        answer = client().send_status(sync.payload)
    except PortalRefused as exc:
        _mark(sync.pk, error=str(exc.message), state=StatusSync.State.FAILED, response=exc.details)
        raise outbox.PermanentError(str(exc.message)) from None
    except PortalError as exc:
        last = delivery is not None and delivery.last
        _mark(sync.pk, error=str(exc.message), state=StatusSync.State.FAILED if last else None)
        raise
    with transaction.atomic():
        s = StatusSync.objects.select_for_update().get(pk=sync.pk)
        s.state, s.sent_at, s.last_error, s.response = StatusSync.State.SENT, clock.now(), "", answer
        s.attempts += 1
        s.save(update_fields=["state", "sent_at", "last_error", "response", "attempts"])


def _mark(sync_id: int, *, error: str, state: str | None = None, response: Any = None, count: bool = True) -> None:
    with transaction.atomic():
        s = StatusSync.objects.select_for_update().get(pk=sync_id)
        s.last_error = error[:500]
        fields = ["last_error"]
        if count:
            s.attempts += 1
            fields.append("attempts")
        if state is not None:
            s.state = state
            fields.append("state")
        if response is not None:
            s.response = response if isinstance(response, dict) else {"answer": response}
            fields.append("response")
        s.save(update_fields=fields)


# --- the official's "Gửi lại" ------------------------------------------------------------------------


def may_manage(user: Any) -> bool:
    """Who reads the sync log and sends again: TTHC control officers, administrators (any body), superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or agencies_of(user, {"tthc_control", "admin"}))


def resend(sync_id: int, *, actor: Actor) -> StatusSync:
    """Queue a failed message again (the same ``MessageId``: the portal keeps one copy); audited."""
    if not may_manage(actor.user):
        raise PermissionDenied(_("Chỉ cán bộ kiểm soát TTHC hoặc quản trị được gửi lại thông điệp."))
    with transaction.atomic():
        sync = StatusSync.objects.select_for_update().filter(pk=sync_id).first()
        if sync is None:
            raise not_found("status_sync")
        if sync.state != StatusSync.State.FAILED:
            raise Conflict(_("Chỉ gửi lại được thông điệp gửi lỗi."), code="not_failed", details={"state": sync.state})
        sync.state = StatusSync.State.QUEUED
        sync.save(update_fields=["state"])
        outbox.enqueue(
            topic=TOPIC,
            key=f"dvcqg-sync:{sync.message_id}:resend:{uuid.uuid4().hex[:12]}",
            payload={"dossier_id": sync.dossier_id, "message_id": sync.message_id},
        )
        audit(actor=actor.user, action="national_portal.resend", obj=sync, changes={"state": ["failed", "queued"]})
    return sync
