"""Template helpers of the feedback app for other pages: the rating and complaints of a dossier."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.statuses import Status
from motcua.feedback.models import CRITERIA, Feedback, Rating

register = template.Library()


@register.simple_tag
def dossier_feedback(dossier: Any, user: Any) -> dict[str, Any]:
    """Return what the applicant's dossier page shows about rating and complaining.

    ``rating`` (the one given, with its criteria), ``can_rate`` (returned and not yet rated; the
    rating page checks it again), ``rate_later`` (the result is ready but not handed back yet) and
    ``complaints``: the feedback items this user sent about the dossier.
    """
    rating = Rating.objects.filter(dossier=dossier).first()
    criteria = [(label, getattr(rating, f"get_{code}_display")()) for code, label in CRITERIA] if rating else []
    complaints = list(
        Feedback.objects.filter(dossier=dossier, citizen_id=getattr(user, "pk", None))
        .select_related("category")
        .order_by("-received_at")
    )
    return {
        "rating": rating,
        "criteria": criteria,
        "can_rate": rating is None and dossier.status == Status.RETURNED,
        "rate_later": rating is None and dossier.status == Status.RESULT_READY,
        "complaints": complaints,
    }
