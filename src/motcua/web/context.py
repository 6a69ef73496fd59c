from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and whether the user works in the back office, for every template."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.MOTCUA_SITE_NAME,
        "is_official": bool(user and user.is_authenticated and getattr(user, "is_official", False)),
    }
