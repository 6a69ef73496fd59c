"""Fee assessment (xác định phí, lệ phí) of a dossier.

The lines come from the procedure version's fee lines (catalogue.FeeLine). At reception a
reception officer may exempt or reduce a line by the rule printed on it, always with a reason
(Law on Fees and Charges 2015, art. 10: exemptions and reductions are set by the fee's legal
basis); every change is audited. A dossier in "fee_requested" whose fees become zero has met its
obligation, so processing resumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.fees import charge
from motcua.catalogue.models import FeeLine
from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, ValidationError
from motcua.core.links import public_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.transitions import lock
from motcua.dossiers.statuses import Status
from motcua.payments.models import AssessedFee, FeeAssessment, Payment
from motcua.payments.services.access import is_owner, is_system, require_cashier


@dataclass(frozen=True)
class Exemption:
    """Charge ``amount`` (0 = fully exempt) instead of the listed amount of ``fee_line_id``."""

    fee_line_id: int
    reason: str
    amount: int = 0


@dataclass(frozen=True)
class PreviewLine:
    kind: str
    name: str
    rule: str
    exemptions_text: str
    listed: int
    charged: int
    reason: str = ""

    @property
    def exempted(self) -> bool:
        return self.charged < self.listed


def fee_lines_for(version_id: int, form_data: dict[str, Any] | None) -> list[FeeLine]:
    """The fee lines of a procedure version, each with ``due``: what its rule charges for ``form_data``."""
    lines = list(FeeLine.objects.filter(version_id=version_id).order_by("order", "id"))
    for line in lines:
        line.due = charge(line, form_data)  # type: ignore[attr-defined]
    return lines


def listed_fees(dossier: Dossier) -> list[FeeLine]:
    """The procedure's fee lines, each with ``due``: what its rule charges for this dossier's form data."""
    return fee_lines_for(dossier.procedure_version_id, dossier.form_data)


def estimate(version_id: int, form_data: dict[str, Any] | None) -> tuple[list[PreviewLine], int]:
    """Return (lines, total) that a dossier of ``version_id`` with ``form_data`` would be charged.

    The same rules as the assessment at reception, before any exemption an officer may grant;
    for the review step of an online submission, before a dossier exists.
    """
    lines = [
        PreviewLine(
            kind=f.kind, name=f.name, rule=f.rule, exemptions_text=f.exemptions, listed=_due(f), charged=_due(f)
        )
        for f in fee_lines_for(version_id, form_data)
    ]
    return lines, sum(line.charged for line in lines)


def _due(fee: FeeLine) -> int:
    return int(getattr(fee, "due", fee.amount))


def preview(dossier: Dossier) -> tuple[list[Any], int]:
    """Return (lines, total) of the dossier: the saved assessment or, before one, the listed fees."""
    assessment = FeeAssessment.objects.filter(dossier=dossier).first()
    if assessment is not None:
        return list(assessment.lines.all()), assessment.total
    return estimate(dossier.procedure_version_id, dossier.form_data)


def _check(exemptions: Sequence[Exemption], fees: dict[int, FeeLine]) -> dict[int, Exemption]:
    by_line: dict[int, Exemption] = {}
    for ex in exemptions:
        fee = fees.get(ex.fee_line_id)
        if fee is None:
            raise ValidationError(
                _("Khoản thu không thuộc thủ tục của hồ sơ."),
                code="unknown_fee_line",
                details={"fee_line_id": ex.fee_line_id},
            )
        if not ex.reason.strip():
            raise ValidationError(
                _("Vui lòng nêu lý do miễn, giảm."), code="reason_required", details={"fee_line_id": ex.fee_line_id}
            )
        if not 0 <= ex.amount <= _due(fee):
            raise ValidationError(
                _("Số tiền sau miễn, giảm phải từ 0 đến mức thu."),
                code="bad_amount",
                details={"fee_line_id": ex.fee_line_id, "max": _due(fee)},
            )
        by_line[ex.fee_line_id] = ex
    return by_line


def _lines_of(fees: dict[int, FeeLine], by_line: dict[int, Exemption]) -> list[dict[str, Any]]:
    rows = []
    for order, fee in enumerate(fees.values()):
        ex = by_line.get(fee.pk)
        rows.append(
            {
                "fee_line_id": fee.pk,
                "kind": fee.kind,
                "name": fee.name,
                "rule": fee.rule,
                "exemptions_text": fee.exemptions,
                "listed": _due(fee),
                "charged": ex.amount if ex else _due(fee),
                "reason": ex.reason.strip() if ex else "",
                "order": order,
            }
        )
    return rows


def _snapshot(assessment: FeeAssessment) -> list[dict[str, Any]]:
    return [
        {
            "fee_line_id": line.fee_line_id,
            "kind": line.kind,
            "name": line.name,
            "rule": line.rule,
            "exemptions_text": line.exemptions_text,
            "listed": line.listed,
            "charged": line.charged,
            "reason": line.reason,
            "order": line.order,
        }
        for line in assessment.lines.all()
    ]


def _notify_requested(dossier: Dossier, assessment: FeeAssessment) -> None:
    if assessment.total <= 0:
        return
    outbox.enqueue(
        topic="notify",
        key=f"payment_requested:{dossier.pk}:{assessment.revision}",
        payload={
            "event": "payment_requested",
            "dossier_id": dossier.pk,
            "user_id": dossier.applicant_id,
            "email": dossier.applicant_email,
            "phone": dossier.applicant_phone,
            "context": {
                "code": dossier.code,
                "amount": str(assessment.total),
                "procedure": dossier.procedure_version.name,
                "pay_url": public_url("payments:fees", dossier.code),
            },
        },
    )


def assess_fees(dossier_id: int, *, actor: Actor, exemptions: Sequence[Exemption] | None = None) -> FeeAssessment:
    """Assess the fees of a dossier and return the assessment (idempotent).

    Without ``exemptions`` an existing assessment is returned unchanged; the first call creates it
    from the listed fees. With ``exemptions`` (reception officer of the receiving agency only) the
    lines are set to exactly those exemptions, audited with the old and new values; this is refused
    while a payment is pending or after one was made.
    """
    with transaction.atomic():
        dossier = lock(dossier_id)
        if exemptions is not None or not (is_system(actor) or is_owner(actor.user, dossier)):
            require_cashier(actor, dossier)
        fees = {f.pk: f for f in listed_fees(dossier)}
        by_line = _check(exemptions or [], fees)
        assessment = FeeAssessment.objects.filter(dossier=dossier).first()
        now = clock.now()
        rows = _lines_of(fees, by_line)
        if assessment is None:
            assessment = FeeAssessment.objects.create(
                dossier=dossier,
                total=sum(r["charged"] for r in rows),
                assessed_at=now,
                updated_at=now,
                assessed_by=actor.user if getattr(actor.user, "pk", None) else None,
            )
            AssessedFee.objects.bulk_create([AssessedFee(assessment=assessment, **r) for r in rows])
            if by_line:
                audit(
                    actor=actor.user,
                    action="payments.fees_adjusted",
                    obj=assessment,
                    changes={"dossier": dossier.code, "old": None, "new": rows},
                )
            _notify_requested(dossier, assessment)
            _resume_if_nothing_due(dossier, assessment, actor)
            return assessment
        if exemptions is None:
            return assessment
        old = _snapshot(assessment)
        if old == rows:
            return assessment
        if Payment.objects.filter(dossier=dossier, status__in=[Payment.Status.PENDING, Payment.Status.PAID]).exists():
            raise Conflict(
                _("Đã có khoản thanh toán đang chờ hoặc đã thanh toán; không thể điều chỉnh phí."),
                code="payment_exists",
            )
        assessment.lines.all().delete()
        AssessedFee.objects.bulk_create([AssessedFee(assessment=assessment, **r) for r in rows])
        assessment.total = sum(r["charged"] for r in rows)
        assessment.revision += 1
        assessment.updated_at = now
        assessment.assessed_by = actor.user if getattr(actor.user, "pk", None) else None
        assessment.save()
        audit(
            actor=actor.user,
            action="payments.fees_adjusted",
            obj=assessment,
            changes={"dossier": dossier.code, "old": old, "new": rows},
        )
        _notify_requested(dossier, assessment)
        _resume_if_nothing_due(dossier, assessment, actor)
        return assessment


def _resume_if_nothing_due(dossier: Dossier, assessment: FeeAssessment, actor: Actor) -> None:
    if assessment.total == 0 and dossier.status == Status.FEE_REQUESTED:
        lifecycle.fee_paid(dossier.pk, actor=actor, note=_("Được miễn phí, lệ phí."))


def paid_total(dossier: Dossier) -> int:
    return sum(Payment.objects.filter(dossier=dossier, status=Payment.Status.PAID).values_list("amount", flat=True))


def outstanding(dossier: Dossier) -> int:
    """Return the amount still owed (0 before any fees were assessed as due)."""
    assessment = FeeAssessment.objects.filter(dossier=dossier).first()
    total = assessment.total if assessment else sum(_due(f) for f in listed_fees(dossier))
    return max(total - paid_total(dossier), 0)
