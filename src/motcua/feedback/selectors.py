"""Reads of feedback items, through the caller's visibility.

Citizens see their own items; officials see the items of the bodies where they are reception
officer, specialist or head; TTHC-control officers see every item (they route them). The public sees
published answers only, without personal data. Anything else is "not found".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from motcua.core.errors import not_found
from motcua.feedback.models import Feedback
from motcua.organisation.permissions import agencies_of

HANDLING_ROLES = {"reception", "specialist", "head"}


def is_tthc_control(user: Any) -> bool:
    return bool(agencies_of(user, {"tthc_control"}))


def may_handle(user: Any) -> bool:
    """Whether ``user`` is an official who handles feedback: the PAKN work list (/phan-anh/xu-ly/) is theirs."""
    return bool(getattr(user, "is_official", False) and agencies_of(user, HANDLING_ROLES | {"tthc_control"}))


def visible_feedback(user: Any) -> QuerySet[Feedback]:
    if not getattr(user, "is_authenticated", False):
        return Feedback.objects.none()
    if getattr(user, "is_official", False) and is_tthc_control(user):
        return Feedback.objects.all()
    condition = Q(citizen=user)
    agencies = agencies_of(user, HANDLING_ROLES)
    if agencies:
        condition |= Q(agency_id__in=agencies)
    return Feedback.objects.filter(condition)


def get_visible(user: Any, pk: int) -> Feedback:
    item = (
        visible_feedback(user)
        .select_related("category", "agency", "assignee", "dossier", "procedure")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise not_found("feedback")
    return item


def worklist(user: Any, status: str = "") -> QuerySet[Feedback]:
    """Return the PAKN work list of the caller's bodies (routing queue included for TTHC control)."""
    condition = Q(agency_id__in=agencies_of(user, HANDLING_ROLES))
    if is_tthc_control(user):
        condition |= Q(agency__isnull=True) | Q(status__in=[Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS])
    qs = Feedback.objects.filter(condition).select_related("category", "agency", "assignee")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("resolve_due_at", "id")


def published() -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(status=Feedback.Status.PUBLISHED)
        .select_related("category", "agency")
        .annotate(likes=Count("votes", filter=Q(votes__value=1)), dislikes=Count("votes", filter=Q(votes__value=-1)))
        .order_by("-published_at", "-id")
    )


def get_published(pk: int) -> Feedback:
    item = published().filter(pk=pk).first()
    if item is None:
        raise not_found("feedback")
    return item


def public_view(item: Feedback) -> dict[str, Any]:
    """Return what the public may see of a published item: no name, contact, account, location or files."""
    return {
        "id": item.pk,
        "category": item.category.name,
        "category_code": item.category.code,
        "subject": item.get_subject_display(),
        "title": item.title,
        "text": item.public_text or item.text,
        "agency": item.agency.name if item.agency else "",
        "received_at": item.received_at,
        "answer": item.answer,
        "answered_at": item.answered_at,
        "published_at": item.published_at,
        "likes": getattr(item, "likes", item.votes.filter(value=1).count()),
        "dislikes": getattr(item, "dislikes", item.votes.filter(value=-1).count()),
    }
