"""REST endpoints of the feedback app (mounted under /api/v1/ in motcua.api.root).

Thin: each parses its input, calls one service or selector, and presents the result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from motcua.api.paging import MAX_OFFSET
from motcua.api.schemas import ErrorOut
from motcua.core.actor import Actor
from motcua.core.errors import ValidationError
from motcua.feedback import selectors
from motcua.feedback.models import Feedback
from motcua.feedback.services import pakn, votes
from motcua.feedback.services.rating_stats import rating_stats
from motcua.feedback.services.ratings import RatingInput, rate_online

router = Router(tags=["feedback"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class RatingIn(_In):
    level: str
    criteria: dict[str, str] = Field(default_factory=dict)
    comment: str = ""


class RatingOut(Schema):
    dossier: str
    level: str
    criteria: dict[str, str]
    comment: str
    channel: str
    created_at: datetime


class StatRowOut(Schema):
    key: str
    name: str
    total: int
    very_satisfied: int
    satisfied: int
    dissatisfied: int
    satisfied_percent: str


class FeedbackIn(_In):
    category: str
    subject: Literal["procedure", "dossier", "official", "service"]
    title: str
    text: str
    procedure_code: str = ""
    dossier_code: str = ""
    official_name: str = ""
    service_name: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    attributes: dict[str, str | list[str]] = {}


class FeedbackOut(Schema):
    id: int
    category: str
    subject: str
    title: str
    text: str
    status: str
    agency: str | None
    assignee: str | None
    received_at: datetime
    reject_due_at: datetime
    info_due_at: datetime
    resolve_due_at: datetime
    publish_due_at: datetime | None
    reject_met: bool | None
    info_met: bool | None
    resolve_met: bool | None
    publish_met: bool | None
    info_request: str
    rejection_reason: str
    answer: str
    allowed_actions: list[str]


class PublicFeedbackOut(Schema):
    id: int
    category: str
    category_code: str
    subject: str
    title: str
    text: str
    agency: str
    received_at: datetime
    answer: str
    answered_at: datetime | None
    published_at: datetime | None
    likes: int
    dislikes: int


class FeedbackActionIn(_In):
    agency_code: str = ""
    reason: str = ""
    question: str = ""
    text: str = ""
    assignee: str = ""
    public_text: str = ""
    note: str = ""


class VoteIn(_In):
    value: Literal[1, -1, 0]


class VoteOut(Schema):
    likes: int
    dislikes: int


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel=getattr(request, "motcua_channel", "web"))


def _feedback(request: HttpRequest, item: Feedback) -> dict[str, Any]:
    return {
        "id": item.pk,
        "category": item.category.code,
        "subject": item.subject,
        "title": item.title,
        "text": item.text,
        "status": item.status,
        "agency": item.agency.code if item.agency else None,
        "assignee": item.assignee.username if item.assignee else None,
        "received_at": item.received_at,
        "reject_due_at": item.reject_due_at,
        "info_due_at": item.info_due_at,
        "resolve_due_at": item.resolve_due_at,
        "publish_due_at": item.publish_due_at,
        "reject_met": item.reject_met,
        "info_met": item.info_met,
        "resolve_met": item.resolve_met,
        "publish_met": item.publish_met,
        "info_request": item.info_request,
        "rejection_reason": item.rejection_reason,
        "answer": item.answer,
        "allowed_actions": pakn.allowed_steps(request.user, item),
    }


@router.post(
    "/dossiers/{code}/rating",
    response={201: RatingOut, **ERRORS},
    summary="Rate a returned dossier (its owner; one rating per dossier)",
)
def create_rating(request: HttpRequest, code: str, body: RatingIn) -> Any:
    rating = rate_online(
        code, actor=_actor(request), data=RatingInput(level=body.level, criteria=body.criteria, comment=body.comment)
    )
    return Status(
        201,
        {
            "dossier": rating.dossier.code,
            "level": rating.level,
            "comment": rating.comment,
            "criteria": {c: getattr(rating, c) for c in ("time", "contacts", "attitude", "correctness", "costs")},
            "channel": rating.channel,
            "created_at": rating.created_at,
        },
    )


@router.get(
    "/ratings/stats",
    response={200: list[StatRowOut], **ERRORS},
    summary="Satisfaction aggregates per agency, procedure or official (officials)",
)
def ratings_stats(request: HttpRequest, by: str = "agency") -> Any:
    return [row.as_dict() for row in rating_stats(request.user, by)]


@router.get(
    "/feedback/published",
    response=list[PublicFeedbackOut],
    auth=None,
    summary="Published answers to feedback (no personal data)",
)
def published_list(request: HttpRequest, limit: int = 50, offset: int = 0) -> Any:
    limit, offset = max(1, min(limit, 200)), max(0, min(offset, MAX_OFFSET))
    return [selectors.public_view(i) for i in selectors.published()[offset : offset + limit]]


@router.get(
    "/feedback/published/{feedback_id}",
    response={200: PublicFeedbackOut, **ERRORS},
    auth=None,
    summary="One published answer (no personal data)",
)
def published_detail(request: HttpRequest, feedback_id: int) -> Any:
    return selectors.public_view(selectors.get_published(feedback_id))


@router.post("/feedback", response={201: FeedbackOut, **ERRORS}, summary="Submit feedback or a complaint (PAKN)")
def create_feedback(request: HttpRequest, body: FeedbackIn) -> Any:
    item = pakn.submit_feedback(actor=_actor(request), data=pakn.FeedbackInput(**body.dict()))
    return Status(201, _feedback(request, item))


@router.get(
    "/feedback/worklist",
    response={200: list[FeedbackOut], **ERRORS},
    summary="The PAKN work list of the caller's agencies",
)
def feedback_worklist(request: HttpRequest, status: str = "") -> Any:
    return [_feedback(request, i) for i in selectors.worklist(request.user, status)[:500]]


@router.get(
    "/feedback/{feedback_id}",
    response={200: FeedbackOut, **ERRORS},
    summary="A feedback item the caller may see (sender or responsible officials)",
)
def feedback_detail(request: HttpRequest, feedback_id: int) -> Any:
    return _feedback(request, selectors.get_visible(request.user, feedback_id))


@router.post(
    "/feedback/{feedback_id}/actions/{action}",
    response={200: FeedbackOut, **ERRORS},
    summary="route, reject, request_info, provide_info, assign, answer or publish",
)
def feedback_action(request: HttpRequest, feedback_id: int, action: str, body: FeedbackActionIn) -> Any:
    actor = _actor(request)
    if action == "route":
        item = pakn.route(feedback_id, actor=actor, agency_code=body.agency_code, note=body.note)
    elif action == "reject":
        item = pakn.reject(feedback_id, actor=actor, reason=body.reason)
    elif action == "request_info":
        item = pakn.request_info(feedback_id, actor=actor, question=body.question)
    elif action == "provide_info":
        item = pakn.provide_info(feedback_id, actor=actor, text=body.text)
    elif action == "assign":
        item = pakn.assign(feedback_id, actor=actor, assignee_username=body.assignee, note=body.note)
    elif action == "answer":
        item = pakn.answer(feedback_id, actor=actor, text=body.text)
    elif action == "publish":
        item = pakn.publish(feedback_id, actor=actor, public_text=body.public_text)
    else:
        raise ValidationError("Unknown action", code="unknown_action", details={"allowed": list(pakn.STEPS)})
    return _feedback(request, selectors.get_visible(request.user, item.pk))


@router.post(
    "/feedback/{feedback_id}/vote",
    response={200: VoteOut, **ERRORS},
    summary="Like (1), dislike (-1) or withdraw (0) one's vote on a published answer",
)
def feedback_vote(request: HttpRequest, feedback_id: int, body: VoteIn) -> Any:
    return votes.vote(feedback_id, actor=_actor(request), value=body.value)
