"""Template helpers of the back office."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.feedback.selectors import may_handle
from motcua.national_portal.services.sync import may_manage as may_read_national_log
from motcua.notifications.selectors import notices_for
from motcua.organisation.permissions import agencies_for, agencies_of

register = template.Library()


@register.simple_tag(takes_context=True)
def backoffice_nav(context: Any) -> dict[str, Any]:
    """What the back-office menu offers to the current official, and how many of their notices are unread."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "counter": False,
            "feedback": False,
            "admin": False,
            "register": False,
            "dvcqg": False,
            "receipts": False,
            "unread": 0,
        }
    return {
        "counter": bool(agencies_of(user, {"reception"})),
        "unread": notices_for(user, unread_only=True).count(),
        "feedback": may_handle(user),
        "register": bool(agencies_of(user, {"reception", "head"})),
        "receipts": bool(agencies_for(user, "receipts.view")),
        "dvcqg": may_read_national_log(user),
        "admin": bool(user.is_staff or agencies_of(user, {"tthc_control", "admin"})),
    }
