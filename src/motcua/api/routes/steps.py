"""The internal process of a dossier (quy trình nội bộ): its steps, finishing, reassigning, Mẫu 05,
and the caller's own waiting steps. Officials only; the visibility rules are processes.selectors."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from motcua.accounts.models import User
from motcua.api import present
from motcua.api.paging import Paging
from motcua.api.routes.dossiers import ERRORS, actor_of, record_of
from motcua.api.schemas import (
    DossierOut,
    MyStepOut,
    StepAssignIn,
    StepCompleteIn,
    StepOut,
    StepSendBackIn,
)
from motcua.core import clock
from motcua.core.errors import NotFound, PermissionDenied, ValidationError
from motcua.dossiers import notes
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.processes import selectors, services
from motcua.processes.models import DossierProcess, DossierStep

router = Router(tags=["internal process"])


def _official(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_official", False):
        raise PermissionDenied(_("Chỉ cán bộ mới xem được quy trình xử lý nội bộ."), code="officials_only")
    return user


def _dossier(request: HttpRequest, code: str) -> Dossier:
    _official(request)
    return dossier_selectors.get_visible(request.user, code)


def _step(request: HttpRequest, dossier: Dossier, step_id: int) -> tuple[DossierStep, set[tuple[int, str]]]:
    """Return a step the caller may see (404 otherwise, so other bodies' steps do not leak)."""
    pairs = selectors.role_pairs(request.user)
    row = next((r for r in selectors.visible_steps(request.user, dossier, pairs) if r.pk == step_id), None)
    if row is None:
        raise NotFound(_("Không tìm thấy bước xử lý."), code="step_not_found")
    return row, pairs


@router.get(
    "/dossiers/{code}/steps",
    response={200: list[StepOut], **ERRORS},
    summary="The steps of the dossier's internal process the caller may see",
)
def dossier_steps(request: HttpRequest, code: str) -> Any:
    """Officials of the receiving or handling agency see every step; a consulted body sees its own."""
    dossier = _dossier(request, code)
    pairs = selectors.role_pairs(request.user)
    now = clock.now()
    return [
        present.step(r, now=now, yours=r.finished_at is None and selectors.holds(pairs, r))
        for r in selectors.visible_steps(request.user, dossier, pairs)
    ]


@router.post(
    "/dossiers/{code}/steps/{step_id}/complete",
    response={200: DossierOut, **ERRORS},
    summary="Finish a step you hold (outcome done), or refuse the dossier where the step may",
)
def complete_step(request: HttpRequest, code: str, step_id: int, body: StepCompleteIn) -> Any:
    """A clerk's step after approval issues the result and a one-stop desk step after the decision
    returns it; ``refuse`` needs the reasons in ``note``. Send ``version`` to get 409 on a stale view."""
    dossier = _dossier(request, code)
    row, _pairs = _step(request, dossier, step_id)
    actor = replace(actor_of(request), note_visibility=notes.visibility_of_choice(body.note_to_applicant))
    lifecycle.complete_step(
        dossier.pk,
        row.pk,
        actor=actor,
        outcome=body.outcome,
        note=body.note,
        version=body.version,
        record=record_of(body.result),
    )
    return present.dossier_detail(dossier_selectors.get_visible(request.user, code), request.user)


@router.post(
    "/dossiers/{code}/steps/{step_id}/send-back",
    response={200: DossierOut, **ERRORS},
    summary="Send the dossier back from your head's step to the specialist's step before it (trả lại)",
)
def send_back_step(request: HttpRequest, code: str, step_id: int, body: StepSendBackIn) -> Any:
    """Only from an open head's step whose predecessor is a specialist's step (409 otherwise); that step
    opens again for the official who did it. ``reason`` is required (an internal note: the applicant does
    not see it). Send ``version`` to get 409 on a stale view."""
    dossier = _dossier(request, code)
    row, _pairs = _step(request, dossier, step_id)
    lifecycle.send_back(dossier.pk, row.pk, actor=actor_of(request), reason=body.reason, version=body.version)
    return present.dossier_detail(dossier_selectors.get_visible(request.user, code), request.user)


@router.post(
    "/dossiers/{code}/steps/{step_id}/assign",
    response={200: StepOut, **ERRORS},
    summary="Give an open step to an official holding its role at its body (a head of that body)",
)
def assign_step(request: HttpRequest, code: str, step_id: int, body: StepAssignIn) -> Any:
    dossier = _dossier(request, code)
    row, pairs = _step(request, dossier, step_id)
    if not selectors.is_head_of(pairs, row):
        raise PermissionDenied(_("Chỉ lãnh đạo của cơ quan thực hiện bước được giao lại bước."), code="step_denied")
    assignee = User.objects.filter(username=body.assignee, is_active=True).first()
    if assignee is None:
        raise ValidationError(
            _("Người được giao không có vai trò của bước này."), code="bad_assignee", details={"field": "assignee"}
        )
    services.assign_step(dossier.pk, row.pk, actor=actor_of(request), assignee_id=assignee.pk)
    fresh, _pairs = _step(request, dossier, step_id)
    return present.step(fresh, now=clock.now(), yours=fresh.finished_at is None and selectors.holds(pairs, fresh))


@router.get(
    "/dossiers/{code}/control-sheet",
    response={200: None, **ERRORS},
    summary="Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 05 (PDF)",
)
def control_sheet(request: HttpRequest, code: str) -> Any:
    dossier = _dossier(request, code)
    if not DossierProcess.objects.filter(dossier_id=dossier.pk).exists():
        raise NotFound(_("Hồ sơ chưa có quy trình xử lý."), code="process_not_found")
    response = HttpResponse(services.control_sheet_pdf(dossier.pk), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class _MySteps:
    """The caller's steps for ninja's pagination: only the page shown is presented (fixed queries)."""

    def __init__(self, rows: QuerySet[DossierStep]) -> None:
        self.rows, self.now = rows, clock.now()

    def all(self) -> _MySteps:
        return self

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [present.my_step(r, now=self.now) for r in selectors.with_details(list(self.rows[item]))]


@router.get(
    "/steps",
    response={200: list[MyStepOut], **ERRORS},
    summary="Your waiting steps: the open steps at the bodies and roles you hold, by due time",
)
@paginate(Paging)
def my_steps(request: HttpRequest) -> Any:
    _official(request)
    return _MySteps(selectors.my_steps(request.user))
