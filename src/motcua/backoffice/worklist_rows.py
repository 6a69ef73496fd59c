"""The rows of a back-office work list: the dossier, its clock, who works it (Người xử lý) and, in
"Việc của tôi", what waits for the reader (their process steps with due times, or the action)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import CLOCK_RUNNING, FINISHED, Status
from motcua.processes import selectors as step_selectors
from motcua.processes.worklists import details


def worklist_rows(user: Any, dossiers: list[Dossier], *, inbox: bool) -> list[dict[str, Any]]:
    """Return one dict per dossier of a page, in a fixed number of queries."""
    now = clock.now()
    limit = selectors.due_soon_limit(now)
    extra = details(user, dossiers)
    rows = []
    for d in dossiers:
        running = d.status in CLOCK_RUNNING and d.due_at is not None  # paused or ended: never overdue
        info = extra[d.pk]
        row: dict[str, Any] = {
            "d": d,
            "overdue": running and d.due_at < now,  # type: ignore[operator]
            "due_soon": running and now <= d.due_at <= limit,  # type: ignore[operator]
            "handlers": info.handlers,
            "ended_at": d.returned_at or d.closed_at,
        }
        if inbox:
            row["steps"] = [{"r": r, "state": step_selectors.step_state(r, now)} for r in info.mine]
            row["awaits"] = "" if info.mine else awaited(user, d)
        rows.append(row)
    return rows


def awaited(user: Any, d: Dossier) -> str:
    """What the reader must do with a dossier of their inbox that has no step waiting for them."""
    if d.status == Status.SUBMITTED:
        return _("Tiếp nhận hồ sơ")
    if d.status in FINISHED:
        return _("Trả kết quả")
    return _("Xử lý hồ sơ được phân công") if d.assignee_id == user.pk else ""
