from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from motcua.api import present
from motcua.api.schemas import DossierSummary
from motcua.core.errors import PermissionDenied, not_found
from motcua.dossiers import selectors

router = Router(tags=["work lists"])


@router.get("/worklists/{name}", response=list[DossierSummary],
            summary="Officials' work lists: to_receive, mine, due_soon, overdue, agency")
@paginate(LimitOffsetPagination)
def worklist(request: HttpRequest, name: str, q: str = "") -> Any:
    """``q`` filters by dossier code, applicant name or identification number."""
    user: Any = request.user
    if not user.is_official:
        raise PermissionDenied(_("Chỉ cán bộ mới xem được danh sách công việc."))
    if name not in selectors.WORKLISTS:
        raise not_found("worklist")
    qs = selectors.worklist(user, name).select_related("procedure_version__procedure")
    if q.strip():
        term = q.strip()
        qs = qs.filter(Q(code__icontains=term) | Q(applicant_name__icontains=term) | Q(applicant_id_number=term))
    return present.Mapped(qs, present.dossier_summary)
