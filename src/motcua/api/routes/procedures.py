from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from motcua.api import present
from motcua.api.paging import Paging
from motcua.api.schemas import AgencyOut, CodeItemOut, ErrorOut, ProcedureDetail, ProcedureListItem
from motcua.catalogue import code_lists
from motcua.catalogue.models import Procedure
from motcua.catalogue.search import search_procedures
from motcua.core.errors import not_found
from motcua.dossiers.services.submission import can_receive
from motcua.organisation.models import Agency

router = Router(tags=["procedures"])


def _get(code: str) -> Procedure:
    p = (
        Procedure.objects.select_related("field", "current_version")
        .filter(code=code, active=True, current_version__isnull=False)
        .first()
    )
    if p is None:
        raise not_found("procedure")
    return p


@router.get("/procedures", response=list[ProcedureListItem], auth=None, summary="List or search procedures")
@paginate(Paging)
def list_procedures(request: HttpRequest, q: str = "", field: str = "", level: str = "") -> Any:
    """Search ignores case and Vietnamese diacritics: "dang ky khai sinh" finds "Đăng ký khai sinh"."""
    qs = search_procedures(q, field_code=field or None, level=level or None)
    return present.Mapped(
        qs.select_related("field", "current_version").filter(current_version__isnull=False), present.procedure_item
    )


@router.get("/procedures/{code}", response={200: ProcedureDetail, 404: ErrorOut}, auth=None)
def procedure_detail(request: HttpRequest, code: str) -> Any:
    return present.procedure_detail(_get(code))


@router.get(
    "/procedures/{code}/agencies",
    response={200: list[AgencyOut], 404: ErrorOut},
    auth=None,
    summary="Agencies that receive this procedure",
)
def procedure_agencies(request: HttpRequest, code: str) -> Any:
    version = _get(code).current_version
    assert version is not None
    candidates = Agency.objects.filter(level=version.implementing_level) | version.agencies.all()
    return [present.agency(a) for a in candidates.distinct().order_by("code") if can_receive(version, a)]


@router.get(
    "/document-types",
    response=list[CodeItemOut],
    auth=None,
    summary="The document-type code list (danh mục loại giấy tờ) used when digitising",
)
def document_types(request: HttpRequest) -> Any:
    """The codes are MotCua's own until the national portal's list is checked (catalogue/code_lists.py)."""
    return [{"code": code, "name": name} for code, name in code_lists.document_types()]
