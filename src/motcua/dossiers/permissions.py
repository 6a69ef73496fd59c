"""Which actions a user may take on a dossier now (for showing buttons; services check again, by the same
rule: ``dossiers.rules``)."""

from __future__ import annotations

from typing import Any

from motcua.dossiers import rules
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import TRANSITIONS, Scope, Status


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
    who = rules.standing(user, dossier)
    names = set()
    for name, spec in TRANSITIONS.items():
        if spec.scope == Scope.STEP or spec.upload:
            continue  # step actions are offered per open step (backoffice.process_panel.step_controls)
        if name == "extend" and dossier.extended_at is not None:
            continue  # one new due date per dossier (Decree 61/2018 art. 19)
        if rules.allowed(spec, status, who):
            names.add(rules.offered_name(name))
    # While the internal process runs, it decides who may approve, refuse, issue or return (and nobody forwards).
    # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
    from motcua.processes.selectors import filter_actions

    return filter_actions(user, dossier, sorted(names))
