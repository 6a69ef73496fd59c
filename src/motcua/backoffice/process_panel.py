"""The "Quy trình xử lý nội bộ" panel of the dossier page: the steps the official may see, and for
each open step they hold the forms to finish it, refuse (where the step may) or, for a head of the
step's body, give it to another official. Every write goes through the lifecycle / process services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from motcua.backoffice.forms.steps import AssignStepForm, CompleteStepForm, RefuseStepForm, StepForm
from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import action_label
from motcua.organisation.models import Role
from motcua.processes import selectors as steps
from motcua.processes.models import DossierProcess, DossierStep

OUTCOME_LABELS = {"done": gettext_lazy("Hoàn thành"), "refuse": gettext_lazy("Từ chối giải quyết"),
                  "cancelled": gettext_lazy("Đã dừng (hồ sơ không tiếp tục xử lý)")}
STATE_LABELS = {"overdue": gettext_lazy("Quá hạn"), "due_soon": gettext_lazy("Sắp đến hạn"),
                "running": gettext_lazy("Trong hạn")}


def outcome_label(outcome: str) -> str:
    if outcome in OUTCOME_LABELS:
        return str(OUTCOME_LABELS[outcome])
    return action_label(outcome)


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def step_url(dossier: Dossier, row: DossierStep, kind: str) -> str:
    return reverse("backoffice:step", args=[dossier.code, row.pk, kind])


def _form(cls: type[StepForm], dossier: Dossier, row: DossierStep, bound: StepForm | None) -> dict[str, Any]:
    form = bound if bound is not None and bound.row.pk == row.pk and bound.kind == cls.kind else cls(
        dossier=dossier, row=row)
    return {"form": form, "open": form is bound, "url": step_url(dossier, row, cls.kind), "kind": cls.kind}


def process_panel(user: Any, dossier: Dossier, bound: StepForm | None = None) -> dict[str, Any] | None:
    """Return what the panel shows, or None when the dossier has no internal process."""
    process = DossierProcess.objects.filter(dossier_id=dossier.pk).select_related("definition").first()
    if process is None:
        return None
    pairs = steps.role_pairs(user)
    now = clock.now()
    rows = []
    for row in steps.visible_steps(user, dossier, pairs):
        state = steps.step_state(row, now)
        forms: list[dict[str, Any]] = []
        if row.finished_at is None and process.status == DossierProcess.Status.RUNNING:
            if steps.holds(pairs, row):
                forms.append(_form(CompleteStepForm, dossier, row, bound))
                if row.step.can_refuse:
                    forms.append(_form(RefuseStepForm, dossier, row, bound))
            if steps.is_head_of(pairs, row):
                forms.append(_form(AssignStepForm, dossier, row, bound))
        rows.append({"r": row, "state": state, "state_label": STATE_LABELS.get(state, ""),
                     "role": role_label(row.role), "body": row.agency.name if row.agency else row.body,
                     "outcome": outcome_label(row.outcome) if row.outcome else "", "forms": forms})
    return {"process": process, "rows": rows, "all": steps.sees_all_steps(pairs, dossier)}
