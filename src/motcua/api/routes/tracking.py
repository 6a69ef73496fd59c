from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.api.schemas import ErrorOut, TrackOut
from motcua.core.errors import not_found
from motcua.dossiers.tracking import public_status

router = Router(tags=["tracking"])


@router.get(
    "/track/{code}",
    response={200: TrackOut, 404: ErrorOut},
    auth=None,
    summary="Public tracking of a dossier by its code (no personal data)",
)
def track(request: HttpRequest, code: str) -> Any:
    # Found codes are usually answered earlier, by api.fastpath.PublicTrackingMiddleware, with the
    # same body and headers; this view answers the rest (not found) and documents the endpoint.
    data = public_status(code)
    if data is None:
        raise not_found("dossier")
    return data
