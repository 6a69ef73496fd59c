"""The applicant's electronic data store (kho dữ liệu điện tử) over the API: the owner lists their items.

Submitting with ``from_store`` (POST /dossiers) takes items instead of uploads; see ``datastore.services``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.api import present
from motcua.api.schemas import ErrorOut, StoredItemOut
from motcua.datastore import selectors

router = Router(tags=["datastore"])


@router.get(
    "/datastore/items",
    response={200: list[StoredItemOut], 401: ErrorOut},
    summary="The logged-in applicant's data store items (none for officials)",
)
def my_items(request: HttpRequest, document_code: str = "") -> Any:
    items = selectors.own_items(request.user).select_related("source_dossier")
    if document_code:
        items = items.filter(document_code=document_code)
    return [present.stored_item(i) for i in items]
