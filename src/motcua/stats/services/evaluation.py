"""Evaluation indexes of Circular 01/2018/TT-VPCP art. 13-15 (Bộ chỉ số đánh giá).

Nine indexes, each 2 / 1 / 0 points (maximum 18). Indexes 1, 2, 3, 4, 6, 7 are scored per dossier;
5, 6, 8, 9 per body. A body's score is the sum of the averages of its dossiers' indexes 1, 2, 3, 4, 7
and its own indexes 5, 6, 8, 9. An official's score (maximum 10) is the sum of the averages of
indexes 1, 2, 3, 4, 7 over the dossiers they acted on. Averages are rounded to one decimal.
The formulas, and where the system lacks an input, are written down in docs/evaluation.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from motcua.catalogue.models import Procedure
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.stats.services.report import agency_scope, period_bounds

DOSSIER_INDEXES = ("i1", "i2", "i3", "i4", "i6", "i7")
OFFICIAL_INDEXES = ("i1", "i2", "i3", "i4", "i7")


def grade_body(score: float) -> str:
    """Circular 01/2018 art. 15: ≥ 15 excellent, 12–15 good, 9–12 fair, 6–9 average, < 6 weak."""
    if score >= 15:
        return "xuat_sac"
    if score >= 12:
        return "tot"
    if score >= 9:
        return "kha"
    if score >= 6:
        return "trung_binh"
    return "yeu"


def grade_official(score: float) -> str:
    """≥ 5 full duty (hoàn thành tốt), 3.5–5 partial (hoàn thành), < 3.5 below (không hoàn thành)."""
    if score >= 5:
        return "hoan_thanh_tot"
    if score >= 3.5:
        return "hoan_thanh"
    return "khong_hoan_thanh"


def index_1(timeliness: str) -> int:
    """Total time vs legal time: shorter (early) 2, equal (on time) 1, longer (late) 0."""
    return {"early": 2, "on_time": 1}.get(timeliness, 0)


def index_3(supplement_count: int) -> int:
    """Contacts needed to complete the dossier: none 2, one 1, more 0."""
    return 2 if supplement_count == 0 else 1 if supplement_count == 1 else 0


def index_7(timeliness: str, substantiated_complaint: bool) -> int:
    """Attitude: a substantiated complaint 0; otherwise early 2, on time 1, late 0."""
    if substantiated_complaint:
        return 0
    return index_1(timeliness)


@dataclass
class DossierScore:
    code: str
    i1: int
    i2: int
    i3: int
    i4: int
    i6: int
    i7: int


def score_dossier(d: Dossier, *, published: bool, complained: bool) -> DossierScore:
    """Score one finished dossier.

    i2 (time at each body) needs each body's allotment, which comes with per-step process
    definitions; until a procedure has them, a body's share of the time is judged as the whole: i2 = i1.
    i4 (bodies the applicant had to contact): the one-stop counter is the only contact: 2.
    i6 (publication): the procedure is published electronically in the catalogue: 2, else 0.
    """
    i1 = index_1(d.timeliness)
    return DossierScore(
        code=d.code,
        i1=i1,
        i2=i1,
        i3=index_3(d.supplement_count),
        i4=2,
        i6=2 if published else 0,
        i7=index_7(d.timeliness, complained),
    )


def _complained_dossiers(ids: list[int]) -> set[int]:
    """Dossiers with a substantiated complaint: feedback about the dossier that was answered, not rejected."""
    try:
        # Function-local: feedback is an optional app; the evaluation counts without it.
        from motcua.feedback.models import Feedback
    except ImportError:  # the feedback app is optional
        return set()
    rows = Feedback.objects.filter(dossier_id__in=ids, status__in=["answered", "published"])
    return set(rows.values_list("dossier_id", flat=True))


def _avg(values: list[int]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


@dataclass
class BodyScore:
    agency_code: str
    dossiers: int
    averages: dict[str, float] = field(default_factory=dict)
    i5: int | None = None
    i6: int = 0
    i8: int | None = None
    i9: int = 0
    total: float = 0.0
    grade: str = ""


def evaluate_body(agency_code: str, date_from: date, date_to: date) -> BodyScore:
    """Score a body (and the bodies below it) over the dossiers finished in the period."""
    start, end = period_bounds(date_from, date_to)
    scope = agency_scope(agency_code) or []
    finished = list(
        Dossier.objects.filter(
            receiving_agency_id__in=scope, finished_at__gte=start, finished_at__lt=end
        ).select_related("procedure_version__procedure")
    )
    complained = _complained_dossiers([d.pk for d in finished])
    scores = [
        score_dossier(
            d, published=d.procedure_version.procedure.current_version_id is not None, complained=d.pk in complained
        )
        for d in finished
    ]
    result = BodyScore(agency_code=agency_code, dossiers=len(scores))
    result.averages = {i: _avg([getattr(s, i) for s in scores]) for i in DOSSIER_INDEXES}
    result.i6 = _index_6_body()
    result.i8 = _index_8_body(scope, start, end)
    result.i9 = _index_9_body(scope, start, end)
    # Index 5 (organisation of the one-stop counter) is an on-site assessment: not held by the system.
    parts: list[float] = [result.averages[i] for i in ("i1", "i2", "i3", "i4", "i7")]
    parts += [result.i6, result.i8 or 0, result.i9]
    result.total = round(sum(parts), 1)
    result.grade = grade_body(result.total)
    return result


def _index_6_body() -> int:
    """Publication per body: every active procedure published electronically 2, some 1, none 0."""
    active = Procedure.objects.filter(active=True)
    published = active.filter(current_version__published_at__isnull=False).count()
    total = active.count()
    return 2 if total and published == total else 1 if published else 0


def _index_8_body(scope: list[int], start: Any, end: Any) -> int | None:
    """Feedback handled on time: 100% → 2, ≥ 90% → 1, else 0; None when there was no feedback."""
    try:
        # Function-local: feedback is an optional app; the evaluation counts without it.
        from motcua.feedback.models import Feedback
    except ImportError:
        return None
    decided = Feedback.objects.filter(agency_id__in=scope, received_at__gte=start, received_at__lt=end).filter(
        Q(resolve_met__isnull=False) | Q(reject_met__isnull=False)
    )
    total = decided.count()
    if not total:
        return None
    on_time = decided.filter(Q(resolve_met=True) | Q(resolve_met__isnull=True, reject_met=True)).count()
    rate = on_time / total
    return 2 if rate == 1 else 1 if rate >= 0.9 else 0


def _index_9_body(scope: list[int], start: Any, end: Any) -> int:
    """Online share: ≥ 30% received online and none of them late 2; 15–30% 1; else 0."""
    received = Dossier.objects.filter(receiving_agency_id__in=scope, received_at__gte=start, received_at__lt=end)
    total = received.count()
    if not total:
        return 0
    online = received.filter(channel=2)
    rate = online.count() / total
    if rate >= 0.3 and not online.filter(timeliness="late").exists():
        return 2
    return 1 if rate >= 0.15 else 0


@dataclass
class OfficialScore:
    username: str
    dossiers: int
    averages: dict[str, float]
    total: float
    grade: str


def evaluate_officials(agency_code: str, date_from: date, date_to: date) -> list[OfficialScore]:
    """Score each official over the finished dossiers of the period they acted on (history actors)."""
    start, end = period_bounds(date_from, date_to)
    scope = agency_scope(agency_code) or []
    finished = {
        d.pk: d
        for d in Dossier.objects.filter(receiving_agency_id__in=scope, finished_at__gte=start, finished_at__lt=end)
    }
    complained = _complained_dossiers(list(finished))
    acted: dict[str, set[int]] = {}
    for username, dossier_id in (
        DossierEvent.objects.filter(dossier_id__in=list(finished), actor__kind="official")
        .values_list("actor__username", "dossier_id")
        .distinct()
    ):
        acted.setdefault(username, set()).add(dossier_id)
    result = []
    for username, ids in sorted(acted.items()):
        scores = [score_dossier(finished[i], published=True, complained=i in complained) for i in ids]
        averages = {i: _avg([getattr(s, i) for s in scores]) for i in OFFICIAL_INDEXES}
        total = round(sum(averages.values()), 1)
        result.append(
            OfficialScore(
                username=username, dossiers=len(ids), averages=averages, total=total, grade=grade_official(total)
            )
        )
    return result
