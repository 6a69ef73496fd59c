"""Template helpers of the back office."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.feedback.selectors import may_handle
from motcua.organisation.permissions import agencies_of

register = template.Library()


@register.simple_tag(takes_context=True)
def backoffice_nav(context: Any) -> dict[str, bool]:
    """What the back-office menu offers to the current official."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"counter": False, "feedback": False, "admin": False, "register": False}
    return {"counter": bool(agencies_of(user, {"reception"})),
            "feedback": may_handle(user), "register": bool(agencies_of(user, {"reception", "head"})),
            "admin": bool(user.is_staff or agencies_of(user, {"tthc_control", "admin"}))}
