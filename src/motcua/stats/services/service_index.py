"""Decision 766/QĐ-TTg (2022) service index per body and period, 100 points in six groups.

Each measure is a rate; points under its threshold are prorated: rate × max / threshold (capped at
max). A measure whose inputs the system does not hold, or that has no cases in the period, is
"not scored" (``None``) and reported as such, never as full marks. Formulas: docs/evaluation.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q

from motcua.catalogue.models import Procedure
from motcua.datastore.models import ReuseRecord
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.statuses import Channel
from motcua.stats.services.report import agency_scope, period_bounds


@dataclass
class Measure:
    group: str
    name: str
    max_points: float
    threshold: float
    numerator: int | None = None
    denominator: int | None = None

    @property
    def rate(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def points(self) -> float | None:
        rate = self.rate
        return None if rate is None else round(min(rate / self.threshold, 1.0) * self.max_points, 2)


@dataclass
class ServiceIndex:
    agency_code: str
    measures: list[Measure] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(m.points or 0 for m in self.measures), 1)

    @property
    def scored_max(self) -> float:
        return sum(m.max_points for m in self.measures if m.points is not None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency_code,
            "total": self.total,
            "scored_max": self.scored_max,
            "measures": [
                {
                    "group": m.group,
                    "name": m.name,
                    "max": m.max_points,
                    "threshold": m.threshold,
                    "numerator": m.numerator,
                    "denominator": m.denominator,
                    "rate": None if m.rate is None else round(m.rate, 4),
                    "points": m.points,
                }
                for m in self.measures
            ],
        }


def service_index(agency_code: str, date_from: date, date_to: date) -> ServiceIndex:
    start, end = period_bounds(date_from, date_to)
    scope = agency_scope(agency_code) or []
    received = Dossier.objects.filter(receiving_agency_id__in=scope, received_at__gte=start, received_at__lt=end)
    finished = Dossier.objects.filter(receiving_agency_id__in=scope, finished_at__gte=start, finished_at__lt=end)
    index = ServiceIndex(agency_code=agency_code)
    add = index.measures.append

    # 1. Disclosure (công khai, minh bạch), 18: procedures published electronically in the catalogue.
    active = Procedure.objects.filter(active=True)
    add(
        Measure(
            "disclosure",
            "published_procedures",
            18,
            1.0,
            active.filter(current_version__published_at__isnull=False).count(),
            active.count(),
        )
    )
    # 2. Timeliness (tiến độ), 20: finished early or on time / finished; more than one supplement = late.
    timely = finished.filter(timeliness__in=["early", "on_time"], supplement_count__lte=1).count()
    add(Measure("timeliness", "finished_in_time", 20, 1.0, timely, finished.count()))
    # 3. Online service (dịch vụ trực tuyến), 12: received online / received; full marks at 50%.
    add(Measure("online", "received_online", 12, 0.5, received.filter(channel=2).count(), received.count()))
    # 4. Online payment (thanh toán trực tuyến), 10: with fees, paid online / with fees.
    with_fees = received.filter(procedure_version__fees__amount__gt=0).distinct()
    paid_online = _paid_online(with_fees)
    add(Measure("payment", "paid_online", 10, 1.0, paid_online, with_fees.count()))
    # 5. Digitisation (số hóa), 22: electronic result (8), digitised dossier (8, full at 80%; ``_digitised``),
    # reuse (6).
    e_result = finished.filter(documents__kind=DossierDocument.Kind.RESULT).distinct().count()
    add(Measure("digitisation", "electronic_result", 8, 1.0, e_result, finished.count()))
    add(Measure("digitisation", "digitised_dossiers", 8, 0.8, _digitised(received), received.count()))
    # Reuse of digitised data (tái sử dụng dữ liệu số hóa, domain.md §7 "reuse of digitised data"): the share
    # of received dossiers that took at least one document from the applicant's data store (datastore).
    reused = received.filter(pk__in=ReuseRecord.objects.values("dossier_id")).count()
    add(Measure("digitisation", "reused_data", 6, 1.0, reused, received.count()))
    # 6. Satisfaction (mức độ hài lòng), 18: satisfied ratings (12) and feedback handled on time (6).
    satisfied, rated, on_time, decided = _satisfaction(scope, start, end)
    add(Measure("satisfaction", "satisfied_ratings", 12, 1.0, satisfied, rated))
    add(Measure("satisfaction", "feedback_on_time", 6, 1.0, on_time, decided))
    return index


def _digitised(received: Any) -> int:
    """The received dossiers that count as digitised (hồ sơ được số hóa).

    An e-filed dossier is electronic by nature: its papers need no scan (domain.md §11; Circular
    03/2025 art. 5, Circular 01/2023/TT-VPCP). A dossier received on paper (at the counter or by post)
    counts once every paper document submitted with it has its digitisation record
    (``dossiers.models.Digitisation``: the scan described at reception), and it has at least one: a
    stored file alone is not a digitised paper. Decision 766 names the measure, not this rule: the rule
    is this system's reading of it (docs/evaluation.md).
    """
    submitted = DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DossierDocument.Kind.SUBMITTED)
    on_paper = Exists(submitted) & ~Exists(submitted.filter(digitisation__isnull=True))
    return int(received.filter(Q(channel=Channel.ONLINE) | (~Q(channel=Channel.ONLINE) & on_paper)).count())


def _paid_online(dossiers: Any) -> int:
    try:
        # Function-local: payments is an optional app; the index counts without it.
        from motcua.payments.models import Payment
    except ImportError:
        return 0
    online = [Payment.Channel.GATEWAY_A, Payment.Channel.GATEWAY_B, Payment.Channel.VIETQR]
    return int(dossiers.filter(payments__status=Payment.Status.PAID, payments__channel__in=online).distinct().count())


def _satisfaction(scope: list[int], start: Any, end: Any) -> tuple[int | None, int | None, int | None, int | None]:
    try:
        # Function-local: feedback is an optional app; the index counts without it.
        from motcua.feedback.models import Feedback, Rating
    except ImportError:
        return None, None, None, None
    ratings = Rating.objects.filter(agency_id__in=scope, created_at__gte=start, created_at__lt=end)
    satisfied = ratings.filter(level__in=["very_satisfied", "satisfied"]).count()
    # Feedback deadlines (reject ≤ 2, ask ≤ 5, resolve ≤ 15, publish ≤ 2 working days): every decided one met.
    decided = Feedback.objects.filter(agency_id__in=scope, received_at__gte=start, received_at__lt=end).filter(
        Q(resolve_met__isnull=False) | Q(reject_met__isnull=False)
    )
    missed = decided.filter(Q(reject_met=False) | Q(info_met=False) | Q(resolve_met=False) | Q(publish_met=False))
    return satisfied, ratings.count(), decided.count() - missed.count(), decided.count()
