"""Satisfaction ratings of returned dossiers (domain.md §7).

Decree 118/2025/NĐ-CP, which replaced Decree 61/2018 (art. 31 there), keeps the applicant's evaluation
of a returned result; the article of Decree 118 awaits legal review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, PermissionDenied, ValidationError, not_found
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.statuses import Status
from motcua.feedback.models import CRITERIA, Level, Rating
from motcua.organisation.permissions import roles_at

CRITERIA_CODES = tuple(code for code, _label in CRITERIA)


@dataclass(frozen=True)
class RatingInput:
    level: str
    criteria: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def rate_online(code: str, *, actor: Actor, data: RatingInput) -> Rating:
    """Record the owner's rating of their returned dossier ``code`` (channel "online")."""
    dossier = _dossier_for(actor, code)
    if dossier.applicant_id is None or dossier.applicant_id != actor.user.pk:
        # Officials who may see the dossier still may not rate it in the citizen's name.
        raise PermissionDenied(_("Chỉ chủ hồ sơ mới được đánh giá trực tuyến."), code="not_owner")
    return _create(dossier, data, channel=Rating.Channel.ONLINE, actor=actor, kiosk_officer=None)


def rate_at_kiosk(code: str, *, actor: Actor, data: RatingInput) -> Rating:
    """Record the rating given at the counter on the device of a reception officer of the receiving agency."""
    dossier = _dossier_for(actor, code)
    if "reception" not in roles_at(actor.user, dossier.receiving_agency_id):
        raise PermissionDenied(
            _("Chỉ cán bộ tiếp nhận của cơ quan đã tiếp nhận hồ sơ mới mở được thiết bị đánh giá."),
            code="not_reception_officer",
        )
    return _create(dossier, data, channel=Rating.Channel.KIOSK, actor=actor, kiosk_officer=actor.user)


def _dossier_for(actor: Actor, code: str) -> Dossier:
    if not getattr(actor.user, "is_authenticated", False):
        raise not_found("dossier")
    dossier = visible_dossiers(actor.user).filter(code=(code or "").strip().upper()).first()
    if dossier is None:
        raise not_found("dossier")
    return dossier


def _clean(data: RatingInput) -> dict[str, str]:
    levels = set(Level.values)
    if data.level not in levels:
        raise ValidationError(_("Vui lòng chọn mức độ hài lòng."), code="invalid_level", details={"field": "level"})
    clean = {"level": data.level}
    for code in CRITERIA_CODES:
        value = (data.criteria or {}).get(code, "")
        if value not in levels:
            raise ValidationError(
                _("Vui lòng đánh giá đủ các tiêu chí."), code="invalid_criterion", details={"field": code}
            )
    unknown = set(data.criteria or {}) - set(CRITERIA_CODES)
    if unknown:
        raise ValidationError(
            _("Tiêu chí không hợp lệ."), code="unknown_criterion", details={"fields": sorted(unknown)}
        )
    clean.update({code: data.criteria[code] for code in CRITERIA_CODES})
    comment = (data.comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError(_("Ý kiến quá dài (tối đa 2000 ký tự)."), code="too_long", details={"field": "comment"})
    clean["comment"] = comment
    return clean


def _create(dossier: Dossier, data: RatingInput, *, channel: str, actor: Actor, kiosk_officer: Any) -> Rating:
    clean = _clean(data)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("procedure_version").get(pk=dossier.pk)
        # Decree 118/2025/NĐ-CP (formerly Decree 61/2018 art. 31): the citizen evaluates once the result is returned.
        if locked.status != Status.RETURNED:
            raise Conflict(
                _("Chỉ đánh giá được sau khi đã nhận kết quả."), code="not_returned", details={"status": locked.status}
            )
        if Rating.objects.filter(dossier=locked).exists():
            raise Conflict(_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần."), code="already_rated")
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    dossier=locked,
                    channel=channel,
                    given_by=actor.user,
                    kiosk_officer=kiosk_officer,
                    agency_id=locked.handling_agency_id,
                    procedure_id=locked.procedure_version.procedure_id,
                    created_at=clock.now(),
                    **clean,
                )
        except IntegrityError as exc:  # the DB constraint, if two ratings race
            raise Conflict(
                _("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần."), code="already_rated"
            ) from exc
        officials = (
            DossierEvent.objects.filter(dossier=locked, actor__kind="official")
            .values_list("actor_id", flat=True)
            .distinct()
        )
        rating.officials.set(set(officials))
        audit(
            actor=actor.user,
            action="rating.create",
            obj=rating,
            changes={"dossier": locked.code, "channel": channel, **clean},
        )
    return rating
