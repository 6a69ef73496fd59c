from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.api.schemas import ErrorOut, MeOut
from motcua.organisation.models import OfficialRole

router = Router(tags=["account"])


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    roles = OfficialRole.objects.filter(user=user, active=True).select_related("agency")
    return {
        "username": user.username,
        "full_name": user.display_name,
        "kind": user.kind,
        "roles": [{"role": r.role, "agency": r.agency.code, "agency_name": r.agency.name} for r in roles],
    }
