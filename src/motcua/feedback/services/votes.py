"""Likes and dislikes of published answers: one vote per account, changeable (domain.md §10)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import NotAuthenticated, ValidationError, not_found
from motcua.feedback.models import Feedback, FeedbackVote


def vote(feedback_id: int, *, actor: Actor, value: int) -> dict[str, int]:
    """Set the caller's vote (1 like, -1 dislike, 0 withdraw); return the new counts."""
    user = actor.user
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Vui lòng đăng nhập để bình chọn."))
    if value not in (1, -1, 0):
        raise ValidationError(_("Bình chọn không hợp lệ."), code="invalid_vote", details={"field": "value"})
    with transaction.atomic():
        item = Feedback.objects.select_for_update().filter(pk=feedback_id, status=Feedback.Status.PUBLISHED).first()
        if item is None:
            raise not_found("feedback")
        previous = FeedbackVote.objects.filter(feedback=item, user=user).first()
        before = previous.value if previous else 0
        if value == 0:
            FeedbackVote.objects.filter(feedback=item, user=user).delete()
        else:
            FeedbackVote.objects.update_or_create(
                feedback=item, user=user, defaults={"value": value, "at": clock.now()}
            )
        if before != value:
            audit(actor=user, action="feedback.vote", obj=item, changes={"value": [before, value]})
        return counts(item.pk)


def counts(feedback_id: int) -> dict[str, int]:
    votes = list(FeedbackVote.objects.filter(feedback_id=feedback_id).values_list("value", flat=True))
    return {"likes": votes.count(1), "dislikes": votes.count(-1)}
