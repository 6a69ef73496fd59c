"""Template tags of the postal app: the applicant's view of a dossier's postal orders."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.postal.models import PostalOrder

register = template.Library()


@register.simple_tag
def citizen_orders(dossier: Any) -> list[PostalOrder]:
    """The postal orders of the applicant's ``dossier`` (the page checked it is theirs), with their statuses."""
    return list(
        PostalOrder.objects.filter(dossier=dossier).select_related("province", "commune").prefetch_related("events")
    )
