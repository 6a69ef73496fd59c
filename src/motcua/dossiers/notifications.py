"""Turn dossier history events (outbox topic "dossier.event") into notices for the applicant.

Online filings get the reception answer (Decree 61/2018 art. 17); supplement requests (Mẫu 02),
refusals, results, the apology with the new date (Mẫu 04, art. 19) and the closing of the
dossier are told to the applicant as well. Delivery is the notifications app's: this module only
says which event an action is and what the message may say, and queues a "notify" message. Runs
in the worker, never inside a request's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import translation

from motcua.core import outbox
from motcua.core.clock import VN_TZ
from motcua.core.links import public_url
from motcua.dossiers import notes
from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.services.timing import answer_due_of

# Dossier action → notice event of the "notify" contract. Other actions (forward, assign,
# approve, supplement, fee_paid) are internal steps the applicant is not told about.
ACTION_EVENTS: dict[str, str] = {
    "submit": "submitted",
    "receive": "received",
    "request_supplement_reception": "supplement_requested",
    "request_supplement_review": "supplement_requested",
    "refuse_reception": "refused",
    "refuse": "refused",
    "refuse_step": "refused",
    "issue_result": "result_ready",
    "return_result": "returned",
    "extend": "extended",
    "stop": "stopped",
    "withdraw": "withdrawn",
}

# Apps above dossiers (postal) add to what a dossier event does, without dossiers importing them:
# EVENT_HOOKS run after the notice is queued (idempotent, in the worker); CONTEXT_HOOKS add
# variables to the notice's context.
EVENT_HOOKS: list[Callable[[Dossier, DossierEvent], None]] = []
CONTEXT_HOOKS: list[Callable[[Dossier, DossierEvent], dict[str, str]]] = []


def local(moment: datetime | None) -> str:
    """Format a time as Vietnamese notices write it: 17:00 27/11/2026."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else ""


def dossier_context(dossier: Dossier) -> dict[str, str]:
    """Return the facts of a dossier every notice may print (code, procedure, applicant, agency, status, due, url)."""
    url = (
        public_url("portal:dossier", dossier.code)
        if dossier.applicant_id
        else public_url("portal:track_detail", dossier.code)
    )
    with translation.override("vi"):
        return {
            "code": dossier.code,
            "procedure": dossier.procedure_version.name,
            "applicant_name": dossier.applicant_name,
            "agency": dossier.handling_agency.name,
            "status": str(dossier.get_status_display()),
            "due": local(dossier.due_at),
            "url": url,
        }


def answer_due_text(dossier: Dossier, event: DossierEvent) -> str:
    """The answer deadline (hạn bổ sung) of the supplement request ``event`` made, as notices write it."""
    request = (
        SupplementRequest.objects.filter(dossier=dossier, requested_at__lte=event.at)
        .select_related("dossier")
        .order_by("requested_at", "id")
        .last()
    )
    return local(answer_due_of(request)) if request is not None else ""


def notice_payload(dossier: Dossier, event: DossierEvent) -> dict[str, Any] | None:
    """Return the "notify" payload for the applicant about ``event``, or None if it is not told."""
    name = ACTION_EVENTS.get(event.action)
    if name is None:
        return None
    items = "\n".join(f"- {i.get('name', '')}: {i.get('reason', '')}" for i in event.data.get("items", []))
    context = dossier_context(dossier)
    context.update(
        {
            "due": local(dossier.due_at) if event.action in {"receive", "extend", "supplement"} else "",
            "old_due": local(datetime.fromisoformat(event.data["old_due_at"])) if "old_due_at" in event.data else "",
            "new_due": local(dossier.due_at) if event.action == "extend" else "",
            "reason": event.data.get("reasons", "") or notes.for_applicant(event),
            "note": notes.for_applicant(event),  # an internal note never reaches the applicant
            "items": items,
            "answer_due": answer_due_text(dossier, event) if event.action.startswith("request_supplement") else "",
            "reception": "1" if event.action == "refuse_reception" else "",
            # Returned to an applicant with an account: they may rate it online (Decree 118/2025/NĐ-CP, which
            # replaced Decree 61/2018 art. 31; the article of Decree 118 awaits legal review).
            "rate_url": (
                public_url("feedback:rate", dossier.code)
                if event.action == "return_result" and dossier.applicant_id
                else ""
            ),
        }
    )
    for hook in CONTEXT_HOOKS:
        context.update(hook(dossier, event))
    return {
        "event": name,
        "dossier_id": dossier.pk,
        "user_id": dossier.applicant_id,
        "email": dossier.applicant_email,
        "phone": dossier.applicant_phone,
        "context": context,
    }


@outbox.register("dossier.event")
def send_dossier_notice(payload: dict[str, Any]) -> None:
    """Queue the applicant's notice about one history event (topic "notify"), once.

    The notifications app delivers it on the channels the applicant chose; this app imports
    nothing of it. The notice's key derives from this message's, so a retry queues nothing new.
    """
    key = outbox.current_key()
    if key is None:
        raise RuntimeError("dossier notices are delivered only by the outbox")
    dossier = Dossier.objects.select_related("procedure_version", "handling_agency").get(pk=payload["dossier_id"])
    event = DossierEvent.objects.get(pk=payload["event_id"])
    notice = notice_payload(dossier, event)
    if notice is not None:
        outbox.enqueue(topic="notify", key=f"{key}:notify", payload=notice)
    for hook in EVENT_HOOKS:
        hook(dossier, event)
