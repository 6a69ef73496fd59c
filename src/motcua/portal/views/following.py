"""The parts of the citizen's dossier page that follow the dossier: history, declaration, supplements.

Only what is meant for the applicant: the bodies' reminders are left out and internal notes are
blanked (``motcua.dossiers.notes``). The applicant's own actions read as theirs ("Bạn đã nộp hồ
sơ"), the agencies' actions name the agency.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from motcua.accounts.models import ApplicantType
from motcua.core import clock
from motcua.dossiers import notes, selectors
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, SupplementRequest
from motcua.dossiers.services.timing import answer_due_of
from motcua.dossiers.statuses import INTERNAL_EVENTS, Status, action_label
from motcua.registers.selectors import marked_form_rows

# The applicant's own history lines, as the applicant reads them.
OWN_LABELS: dict[str, str] = {
    "submit": N_("Bạn đã nộp hồ sơ"),
    "supplement": N_("Bạn đã gửi hồ sơ bổ sung"),
    "withdraw": N_("Bạn đã rút hồ sơ"),
    "upload": N_("Bạn đã tải tài liệu lên"),
}


def history(dossier: Dossier) -> list[DossierEvent]:
    """The history lines the applicant may see (no reminders of the bodies), oldest first."""
    return [e for e in selectors.history(dossier) if e.action not in INTERNAL_EVENTS]


def history_rows(events: list[DossierEvent]) -> list[dict[str, Any]]:
    rows = []
    for e in events:
        own = e.actor_role == "applicant"
        if own:
            label = (
                _(OWN_LABELS[e.action])
                if e.action in OWN_LABELS
                else _("Bạn: %(action)s") % {"action": action_label(e.action)}
            )
        else:
            label = action_label(e.action)
        data = e.data if isinstance(e.data, dict) else {}
        rows.append(
            {
                "at": e.at,
                "label": label,
                "own": own,
                "agency": None if own else e.agency,
                "to_agency": e.agency if own and e.action == "submit" else None,
                "status": str(Status(e.to_status).label) if e.to_status in Status.values else "",
                "changed": e.from_status != e.to_status,
                "note": notes.for_applicant(e),
                "file": str(data.get("name", "")) if e.action == "upload" else "",
            }
        )
    return rows


def declared(dossier: Dossier) -> dict[str, Any]:
    """What the applicant declared: the applicant's data and the form, labelled and formatted."""
    applicant = [
        (_("Chủ hồ sơ"), dossier.applicant_name),
        (
            _("Đối tượng"),
            str(ApplicantType(dossier.applicant_type).label)
            if dossier.applicant_type in ApplicantType.values
            else dossier.applicant_type,
        ),
        (_("Số giấy tờ"), dossier.applicant_id_number),
        (_("Điện thoại"), dossier.applicant_phone),
        (_("Thư điện tử"), dossier.applicant_email),
        (_("Địa chỉ"), dossier.applicant_address),
    ]
    return {
        "applicant": [(label, value) for label, value in applicant if value],
        "form": marked_form_rows(dossier),  # (label, value, the register that verified it)
    }


def deadline(dossier: Dossier, request: SupplementRequest) -> dict[str, Any] | None:
    """The answer deadline of an open supplement request (hạn bổ sung), and whether it has passed."""
    due: datetime | None = answer_due_of(request)
    if due is None:
        return None
    return {"at": due, "passed": clock.now() > due}


def supplement_rounds(dossier: Dossier, events: list[DossierEvent]) -> list[dict[str, Any]]:
    """Each supplement sent: what was asked (the request before it), when it was sent, the files."""
    requests = list(
        SupplementRequest.objects.filter(dossier=dossier, fulfilled_at__isnull=False).order_by("requested_at", "id")
    )
    rounds: list[dict[str, Any]] = []
    for e in events:
        if e.action != "supplement":
            continue
        asked = [r for r in requests if r.requested_at <= e.at]
        rounds.append(
            {
                "number": len(rounds) + 1,
                "sent_at": e.at,
                "request": asked[-1] if asked else None,
                "files": [d for d in e.documents.all() if d.kind == DossierDocument.Kind.SUPPLEMENT],
                "note": notes.for_applicant(e),
            }
        )
    return rounds
