"""Reads of dossiers, always through the caller's visibility.

A citizen sees only their own dossiers; an official sees the dossiers their agencies received,
handle, or handled before, and those with a step of the internal process at their agencies
(liên thông: a consulted body sees the dossier once its step opens). Anything else is reported as
"not found", so existence never leaks.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from motcua.calendars.workcal import WorkingCalendar
from motcua.core import clock
from motcua.core.errors import not_found
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.statuses import CLOCK_RUNNING, CLOSED, FINISHED, OPEN, Status
from motcua.organisation.permissions import agencies_of

WORKLISTS = ("to_receive", "mine", "due_soon", "overdue", "agency", "to_return", "closed", "search")
MAX_QUERY = 100  # characters of a search kept
MAX_WORDS = 8  # words of a name searched: each adds one LIKE


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """Return the dossiers ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    agencies = agencies_of(user)
    condition = Q(applicant=user)
    if agencies:
        # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
        from motcua.processes.models import DossierStep

        passed = DossierEvent.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        stepped = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        condition |= (
            Q(receiving_agency_id__in=agencies)
            | Q(handling_agency_id__in=agencies)
            | Q(Exists(passed))
            | Q(Exists(stepped))
        )
    return Dossier.objects.filter(condition)


def get_visible(user: Any, code: str) -> Dossier:
    """Return the dossier with ``code`` if ``user`` may see it; otherwise raise 404."""
    dossier = (
        visible_dossiers(user)
        .select_related("procedure_version__procedure", "receiving_agency", "handling_agency", "assignee")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise not_found("dossier")
    return dossier


def worklist(user: Any, name: str) -> QuerySet[Dossier]:
    """Return one of the officials' work lists (WORKLISTS).

    - ``to_receive``: submitted to a one-stop desk where ``user`` is a reception officer, oldest first;
    - ``mine`` (Việc của tôi): everything waiting for ``user`` (``inbox``);
    - ``due_soon``, ``overdue``: running dossiers their agencies handle, by due time;
    - ``agency``: the open dossiers their agencies handle, by due time;
    - ``to_return`` (Chờ trả kết quả): result issued or refused, not yet handed back, at a desk where
      ``user`` receives (the return is the receiving agency's reception officer's, statuses.TRANSITIONS),
      longest waiting first;
    - ``closed`` (Đã trả / đã kết thúc): returned, withdrawn, stopped or not received, at an agency of
      ``user`` (received or handled there), most recent first;
    - ``search``: every dossier ``user`` may see (``visible_dossiers``), open or closed, newest first.
    """
    now = clock.now()
    base = Dossier.objects.select_related("procedure_version", "handling_agency")
    if name == "to_receive":
        return base.filter(status=Status.SUBMITTED, receiving_agency_id__in=agencies_of(user, {"reception"})).order_by(
            "submitted_at", "id"
        )
    if name == "mine":
        return inbox(user)
    if name == "to_return":
        return base.filter(
            status__in=list(FINISHED), receiving_agency_id__in=agencies_of(user, {"reception"})
        ).order_by("closed_at", "id")
    if name == "closed":
        agencies = agencies_of(user)
        return base.filter(
            Q(receiving_agency_id__in=agencies) | Q(handling_agency_id__in=agencies), status__in=list(CLOSED)
        ).order_by(Coalesce("returned_at", "closed_at", "submitted_at").desc(), "-id")
    if name == "search":
        return (
            visible_dossiers(user)
            .select_related("procedure_version", "handling_agency")
            .order_by("-submitted_at", "-id")
        )
    handling = base.filter(handling_agency_id__in=agencies_of(user))
    running = handling.filter(status__in=list(CLOCK_RUNNING))  # waiting for a supplement or the fees: paused
    if name == "due_soon":
        return running.filter(due_at__gte=now, due_at__lte=due_soon_limit(now)).order_by("due_at", "id")
    if name == "overdue":
        return running.filter(due_at__lt=now).order_by("due_at", "id")
    if name == "agency":
        return handling.filter(status__in=list(OPEN)).order_by("due_at", "id")
    raise not_found("worklist")


def inbox(user: Any) -> QuerySet[Dossier]:
    """Việc của tôi: the dossiers waiting for ``user``, most urgent first.

    Waiting for them: an open step of the dossier's internal process assigned to them, or not
    assigned and of a role they hold at its body (``processes.worklists.waiting_for``); an open
    dossier assigned to them; and at a one-stop desk where they are a reception officer, the
    dossiers to receive and the results to hand back. Ordered by the due time of their first
    waiting step, else the dossier's due time, else its submission.
    """
    # Function-local: processes imports dossiers at module level (an exception listed in .importlinter).
    from motcua.processes.worklists import waiting_for

    steps = waiting_for(user)
    condition = Q(assignee_id=getattr(user, "pk", None), status__in=list(OPEN)) | Q(pk__in=steps.values("dossier_id"))
    reception = agencies_of(user, {"reception"})
    if reception:
        condition |= Q(receiving_agency_id__in=reception, status__in=[Status.SUBMITTED, *FINISHED])
    first_step = Subquery(steps.filter(dossier_id=OuterRef("pk")).order_by("due_at").values("due_at")[:1])
    return (
        Dossier.objects.select_related("procedure_version", "handling_agency")
        .filter(condition)
        .annotate(inbox_due=Coalesce(first_step, F("due_at"), F("submitted_at")))
        .order_by("inbox_due", "id")
    )


def matching(qs: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """Narrow ``qs`` to the dossiers whose code contains ``query``, whose applicant's identification
    number is ``query``, or whose applicant's name contains every word of it, ignoring accents and
    case ("nguyen thi hang" finds "Nguyễn Thị Hằng"). An empty query leaves ``qs`` as it is."""
    text = " ".join((query or "").split())[:MAX_QUERY]
    if not text:
        return qs
    name = Q()
    for word in list(dict.fromkeys(fold(text).split()))[:MAX_WORDS]:
        name &= Q(applicant_name_folded__icontains=word)
    return qs.filter(Q(code__icontains=text) | Q(applicant_id_number=text.replace(" ", "")) | name)


def due_soon_limit(now: datetime) -> datetime:
    """Return the end of the "due soon" window: closing time N working days after today."""
    cal = WorkingCalendar.load()
    day = cal.add_working_days(now.astimezone(clock.VN_TZ).date(), settings.MOTCUA_DUE_SOON_WORKING_DAYS)
    return datetime.combine(day, time(23, 59), tzinfo=clock.VN_TZ) + timedelta(0)


def history(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("agency").prefetch_related("documents").order_by("at", "id")


def track(code: str) -> Dossier:
    """Return the dossier for public tracking by its code (the caller shows no personal data).

    A unique-index lookup with only the columns tracking shows: no ordering, no wide select.
    """
    try:
        return (
            Dossier.objects.select_related("procedure_version__procedure", "handling_agency")
            .only(*TRACKING_FIELDS)
            .get(code=code.strip().upper())
        )
    except Dossier.DoesNotExist:
        raise not_found("dossier") from None


TRACKING_FIELDS = (
    "code",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "finished_at",
    "returned_at",
    "timeliness",
    "procedure_version__name",
    "procedure_version__procedure__code",
    "procedure_version__procedure__name",
    "handling_agency__code",
    "handling_agency__name",
)
