from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from motcua.api import present
from motcua.api.paging import Paging
from motcua.api.schemas import WorklistItem
from motcua.core.errors import PermissionDenied, not_found
from motcua.dossiers import selectors
from motcua.processes.worklists import details

router = Router(tags=["work lists"])


@router.get(
    "/worklists/{name}", response=list[WorklistItem], summary="Officials' work lists: " + ", ".join(selectors.WORKLISTS)
)
@paginate(Paging)
def worklist(request: HttpRequest, name: str, q: str = "") -> Any:
    """``mine`` holds everything waiting for the caller, process steps included; ``to_return`` the
    results (or refusals) not yet handed back; ``closed`` the returned, withdrawn, stopped and not
    received dossiers; ``search`` every dossier the caller may see, open or closed
    (``dossiers.selectors.worklist``). ``q`` filters by dossier code (or part of it), applicant name
    (every word, accents and case ignored) or identification number."""
    user: Any = request.user
    if not user.is_official:
        raise PermissionDenied(_("Chỉ cán bộ mới xem được danh sách công việc."))
    if name not in selectors.WORKLISTS:
        raise not_found("worklist")
    qs = selectors.matching(selectors.worklist(user, name), q).select_related(
        "procedure_version__procedure", "assignee"
    )
    return present.Mapped(qs, present.dossier_summary, batch=lambda rows: _with_details(user, rows))


def _with_details(user: Any, rows: list[Any]) -> list[dict[str, Any]]:
    extra = details(user, rows)
    return [present.worklist_item(d, extra[d.pk]) for d in rows]
