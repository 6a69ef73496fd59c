"""Aggregates of satisfaction ratings per official, per body and per procedure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import PermissionDenied, ValidationError
from motcua.feedback.models import Level, Rating
from motcua.organisation.permissions import agencies_of

GROUPINGS = ("agency", "procedure", "official")


@dataclass(frozen=True)
class StatRow:
    key: str
    name: str
    total: int
    very_satisfied: int
    satisfied: int
    dissatisfied: int

    @property
    def satisfied_percent(self) -> Decimal:
        """Share of "Rất hài lòng" and "Hài lòng" in percent, one decimal (domain.md §7 rounding)."""
        if not self.total:
            return Decimal("0.0")
        share = Decimal(100 * (self.very_satisfied + self.satisfied)) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "total": self.total,
            "very_satisfied": self.very_satisfied,
            "satisfied": self.satisfied,
            "dissatisfied": self.dissatisfied,
            "satisfied_percent": str(self.satisfied_percent),
        }


def visible_ratings(user: Any) -> QuerySet[Rating]:
    """Return the ratings ``user`` may aggregate: those of the bodies where they work (all for TTHC control)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_official", False):
        raise PermissionDenied(_("Chỉ cán bộ mới xem được thống kê đánh giá."), code="officials_only")
    if agencies_of(user, {"tthc_control"}) or user.is_superuser:
        return Rating.objects.all()
    agencies = agencies_of(user)
    if not agencies:
        raise PermissionDenied(_("Chỉ cán bộ mới xem được thống kê đánh giá."), code="officials_only")
    return Rating.objects.filter(agency_id__in=agencies)


def rating_stats(user: Any, by: str) -> list[StatRow]:
    """Return one row per official, body or procedure, most ratings first."""
    ratings = visible_ratings(user)
    counts = {
        "total": Count("id", distinct=True),
        "very_satisfied": Count("id", filter=Q(level=Level.VERY_SATISFIED), distinct=True),
        "satisfied": Count("id", filter=Q(level=Level.SATISFIED), distinct=True),
        "dissatisfied": Count("id", filter=Q(level=Level.DISSATISFIED), distinct=True),
    }
    if by == "agency":
        fields = ("agency__code", "agency__name")
    elif by == "procedure":
        fields = ("procedure__code", "procedure__name")
    elif by == "official":
        fields = ("officials__username", "officials__full_name")
        ratings = ratings.filter(officials__isnull=False)
    else:
        raise ValidationError(
            _("Cách thống kê không hợp lệ."), code="invalid_grouping", details={"allowed": list(GROUPINGS)}
        )
    rows = ratings.values(*fields).annotate(**counts).order_by("-total", fields[0])
    return [
        StatRow(
            key=r[fields[0]],
            name=r[fields[1]] or r[fields[0]],
            total=r["total"],
            very_satisfied=r["very_satisfied"],
            satisfied=r["satisfied"],
            dissatisfied=r["dissatisfied"],
        )
        for r in rows
    ]
