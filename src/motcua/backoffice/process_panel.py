"""The internal process on the dossier page: the "Quy trình xử lý nội bộ" panel (the steps the
official may see, and for a head of a step's body the form to give it to another official), the
controls of the steps the official holds ("Thao tác") and who is working the dossier ("Người xử lý").

One way to act: for each open step the official holds there is exactly one control that moves the
dossier on, named for what it does (Phê duyệt, Ban hành kết quả, Trả kết quả, Trình lãnh đạo,
Hoàn thành bước), at most one refuse control (only where the step may refuse) and, for a head's
step after a specialist's, "Trả lại chuyên viên". The dossier's own approve / refuse / issue /
return buttons are then not shown (``step_decisions``): they are these same decisions. Every write
goes through the lifecycle / process services, which check everything again.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.backoffice.forms.steps import (
    ApproveStepForm,
    AssignStepForm,
    CompleteStepForm,
    IssueStepForm,
    RefuseStepForm,
    SendBackStepForm,
    StepForm,
)
from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import FINISHED, TRANSITIONS, Status, action_label
from motcua.organisation.models import Role
from motcua.processes import selectors as steps
from motcua.processes import services
from motcua.processes.flow import PROCESSING_ROLES
from motcua.processes.models import DossierProcess, DossierStep
from motcua.processes.worklists import step_workers

OUTCOME_LABELS = {
    "done": gettext_lazy("Hoàn thành"),
    "refuse": gettext_lazy("Từ chối giải quyết"),
    "cancelled": gettext_lazy("Đã dừng (hồ sơ không tiếp tục xử lý)"),
    "returned": gettext_lazy("Trả lại bước trước"),
}
STATE_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "due_soon": gettext_lazy("Sắp đến hạn"),
    "running": gettext_lazy("Trong hạn"),
}
# The dossier-level actions that, while a process runs, are decisions of a step (processes.selectors).
STEP_DECISIONS = frozenset(steps.STEP_ACTIONS)


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


def _form(
    cls: type[StepForm],
    dossier: Dossier,
    row: DossierStep,
    bound: StepForm | None,
    label: str,
    hint: str = "",
    button: str = "",
) -> dict[str, Any]:
    form = (
        bound
        if bound is not None and bound.row.pk == row.pk and bound.kind == cls.kind
        else cls(dossier=dossier, row=row)
    )
    return {
        "form": form,
        "open": form is bound,
        "url": step_url(dossier, row, cls.kind),
        "kind": cls.kind,
        "label": label,
        "button": button or label,
        "hint": hint,
        "danger": cls.kind == "refuse",
        "files": cls.kind == "issue",
    }


def _body(row: Any) -> str:
    return str(row.agency.name if getattr(row, "agency", None) else row.body)


def _move_on(
    dossier: Dossier, row: DossierStep, held_open: list[DossierStep], bound: StepForm | None
) -> dict[str, Any]:
    """The one control that finishes ``row``, chosen and named by what finishing it does."""
    status = Status(dossier.status)
    if row.role == "clerk" and status == Status.APPROVED:
        return _form(IssueStepForm, dossier, row, bound, _("Ban hành kết quả"))
    if row.role == "reception" and row.agency_id == dossier.receiving_agency_id and status in FINISHED:
        return _form(CompleteStepForm, dossier, row, bound, _("Trả kết quả"))
    after = services.steps_after(dossier, row)
    hint = ""
    if after:
        hint = _("Bước tiếp theo: %(steps)s") % {"steps": "; ".join(f"{s.name} ({role_label(s.role)})" for s in after)}
    left = any(r.role in PROCESSING_ROLES for r in held_open if r.pk != row.pk) or any(
        s.role in PROCESSING_ROLES for s in after or []
    )
    if row.role == "head" and status in (Status.RECEIVED, Status.PROCESSING) and after is not None and not left:
        cls = ApproveStepForm if status in TRANSITIONS["approve"].sources else CompleteStepForm
        return _form(cls, dossier, row, bound, _("Phê duyệt"), hint)
    if row.role != "head" and after and any(s.role == "head" for s in after):
        return _form(CompleteStepForm, dossier, row, bound, _("Trình lãnh đạo"), hint)
    return _form(CompleteStepForm, dossier, row, bound, _("Hoàn thành bước"), hint)


def step_controls(
    dossier: Dossier, row: DossierStep, open_rows: list[DossierStep], bound: StepForm | None
) -> list[dict[str, Any]]:
    """The forms of an open step the official holds: move on; refuse (if the step may); send back."""
    forms = [_move_on(dossier, row, open_rows, bound)]
    if row.step.can_refuse and Status(dossier.status) in TRANSITIONS["refuse_step"].sources:
        forms.append(_form(RefuseStepForm, dossier, row, bound, _("Từ chối giải quyết (Mẫu 03)")))
    if Status(dossier.status) in TRANSITIONS["send_back"].sources and steps.returnable(row, row.previous):
        forms.append(_form(SendBackStepForm, dossier, row, bound, _("Trả lại chuyên viên")))
    return forms


def workers(dossier: Dossier, open_rows: list[DossierStep]) -> list[dict[str, str]]:
    """Người xử lý: the dossier's assignee, then who holds each open step (its assignee, else everyone
    with the step's role at its body), each with the body."""
    people: list[dict[str, str]] = []
    if dossier.assignee_id is not None and dossier.assignee is not None:
        people.append(
            {
                "names": dossier.assignee.display_name,
                "role": _("Được phân công"),
                "body": dossier.handling_agency.name,
                "step": "",
            }
        )
    names = step_workers(open_rows)  # the same computation as the work lists' column
    for row in open_rows:
        people.append(
            {
                "names": ", ".join(names[row.pk]) or _("Chưa có cán bộ"),
                "role": role_label(row.role),
                "body": _body(row),
                "step": row.step.name,
            }
        )
    return people


def process_panel(user: Any, dossier: Dossier, bound: StepForm | None = None) -> dict[str, Any] | None:
    """Return what the panel shows, or None when the dossier has no internal process."""
    process = DossierProcess.objects.filter(dossier_id=dossier.pk).select_related("definition").first()
    if process is None:
        return None
    pairs = steps.role_pairs(user)
    now = clock.now()
    running = process.status == DossierProcess.Status.RUNNING
    visible = steps.visible_steps(user, dossier, pairs)
    open_rows = [r for r in visible if r.finished_at is None] if running else []
    rows, mine = [], []
    for row in visible:
        state = steps.step_state(row, now)
        forms: list[dict[str, Any]] = []
        if row in open_rows:
            if steps.holds(pairs, row):
                mine.append({"r": row, "forms": step_controls(dossier, row, open_rows, bound)})
            if steps.is_head_of(pairs, row):
                forms.append(
                    _form(
                        AssignStepForm, dossier, row, bound, _("Giao lại bước cho cán bộ khác"), button=_("Giao bước")
                    )
                )
        rows.append(
            {
                "r": row,
                "state": state,
                "state_label": STATE_LABELS.get(state, ""),
                "role": role_label(row.role),
                "body": _body(row),
                "outcome": outcome_label(row.outcome) if row.outcome else "",
                "forms": forms,
            }
        )
    return {
        "process": process,
        "rows": rows,
        "mine": mine,
        "running": running,
        "workers": workers(dossier, open_rows),
        "all": steps.sees_all_steps(pairs, dossier),
    }
