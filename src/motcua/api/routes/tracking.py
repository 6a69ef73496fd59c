from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.api import present
from motcua.api.schemas import ErrorOut, TrackOut
from motcua.dossiers import selectors

router = Router(tags=["tracking"])


@router.get("/track/{code}", response={200: TrackOut, 404: ErrorOut}, auth=None,
            summary="Public tracking of a dossier by its code (no personal data)")
def track(request: HttpRequest, code: str) -> Any:
    return present.track(selectors.track(code))
