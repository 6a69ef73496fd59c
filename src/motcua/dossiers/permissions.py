"""Which actions a user may take on a dossier now (for showing buttons; services check again)."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import TRANSITIONS, Scope, Status
from motcua.organisation.permissions import roles_at


def allowed_actions(user: Any, dossier: Dossier) -> list[str]:
    """Return the action names (statuses.TRANSITIONS keys) ``user`` may apply to ``dossier`` now.

    "extend" (xin lỗi và hẹn lại ngày trả, Mẫu 04 of Circular 01/2018/TT-VPCP) is offered once per
    dossier: Decree 61/2018/NĐ-CP art. 19 (kept by Decree 118/2025/NĐ-CP; its article awaits legal
    review) lets the body set a new due date only once, and the apology is the letter that sets
    it. After the extension the apology is not offered again, however often Mẫu 04 is printed or
    sent; the form of that one extension stays printable (``apology.apology_data``).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    status = Status(dossier.status)
    at_receiving = roles_at(user, dossier.receiving_agency_id)
    at_handling = at_receiving if dossier.handling_agency_id == dossier.receiving_agency_id else roles_at(
        user, dossier.handling_agency_id)
    is_applicant = dossier.applicant_id is not None and dossier.applicant_id == user.pk
    result = []
    for name, spec in TRANSITIONS.items():
        if status not in spec.sources or spec.scope == Scope.STEP:
            continue  # step actions are offered per open step (processes.selectors.step_controls)
        if name == "extend" and dossier.extended_at is not None:
            continue  # one new due date per dossier (Decree 61/2018 art. 19)
        if spec.scope == Scope.APPLICANT:
            ok = is_applicant or "reception" in at_receiving
        elif spec.scope == Scope.RECEIVING:
            ok = bool(at_receiving & spec.roles)
        else:
            ok = bool(at_handling & spec.roles)
        if ok:
            result.append(name)
    # The API offers one "request_supplement"; the service picks the stage from the status.
    names = sorted({"request_supplement" if a.startswith("request_supplement") else a for a in result})
    # While the internal process runs, it decides who may approve, refuse, issue or return (and nobody forwards).
    # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
    from motcua.processes.selectors import filter_actions

    return filter_actions(user, dossier, names)
