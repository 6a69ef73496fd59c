"""The one write path of internal processes: definitions (import, step table) and dossier steps.

A definition is immutable; importing a file or saving a step table creates the next version and
makes it the active one. A dossier starts the active version and keeps it to the end (dossiers in
flight keep the process they started with). Each waiting step of a dossier is a ``DossierStep``
row, so work lists and the Mẫu 05 control sheet read rows, never engine state; the engine state is
loaded and saved only by ``start`` and ``advance`` (which the dossier lifecycle calls through
processes/flow.py, inside its transition: a step is finished only with its history line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from motcua.calendars.deadlines import classify
from motcua.calendars.workcal import WorkingCalendar
from motcua.catalogue.models import FeeLine, Procedure, ProcedureVersion
from motcua.core import caching, clock
from motcua.core.actor import SYSTEM, Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.timing import calendar_for
from motcua.organisation.models import Agency, OfficialRole

from . import conf, engine
from .bpmn import generate as bpmn_generate
from .bpmn import model as bpmn_model
from .bpmn.durations import HOURS_PER_DAY
from .models import DossierProcess, DossierStep, ProcessDefinition, ProcessStep

EDITOR_ROLES = ("tthc_control", "admin")


def _err(exc: bpmn_model.BpmnError) -> ValidationError:
    problems = [{"element": p.element, "code": p.code, "message": p.message} for p in exc.problems]
    lines = "; ".join(f"{p['element']}: {p['message']}" for p in problems)
    return ValidationError(
        _("Tệp quy trình không dùng được: %(errors)s") % {"errors": lines},
        code="invalid_bpmn",
        details={"errors": problems},
    )


def check_can_edit(actor: Actor) -> None:
    """Allow the system, superusers and TTHC-control officers or administrators of any agency."""
    user = actor.user
    if user is None or getattr(user, "is_superuser", False):
        return
    if OfficialRole.objects.filter(user=user, role__in=EDITOR_ROLES, active=True).exists():
        return
    raise PermissionDenied(
        _("Chỉ cán bộ kiểm soát thủ tục hành chính được sửa quy trình nội bộ."), code="process_edit_denied"
    )


def legal_hours(procedure: Procedure) -> Decimal | None:
    """Return the legal processing time of the current version in working hours (None: unknown).

    A same-day procedure (0 days) has one working day; calendar days count as working days here,
    which is the lenient reading for checking allotments.
    """
    version = procedure.current_version
    if version is None:
        return None
    amount = Decimal(version.time_amount)
    if version.time_unit == "working_hours":
        return amount
    return max(amount, Decimal(1)) * HOURS_PER_DAY


def validate_bpmn(procedure_code: str, xml: str | bytes) -> tuple[str, bpmn_model.ProcessModel]:
    """Return the normalised text and the model of ``xml``; raise ValidationError naming each element."""
    procedure = Procedure.objects.select_related("current_version").filter(code=procedure_code).first()
    if procedure is None:
        raise NotFound(_("Không có thủ tục mã %(code)s.") % {"code": procedure_code}, code="procedure_not_found")
    try:
        root = bpmn_model.parse_xml(xml)
        process = bpmn_model.read(root, legal_hours=legal_hours(procedure))
    except bpmn_model.BpmnError as exc:
        raise _err(exc) from exc
    text = bpmn_model.to_text(root)
    try:
        engine.parse_spec(text)
    except engine.EngineError as exc:
        raise _err(bpmn_model.BpmnError([bpmn_model.Problem("process", "engine_refused", str(exc))])) from exc
    return text, process


def import_note(summary: dict[str, Any]) -> str:
    """Return what the import assumed about the file ("" when nothing), to show beside its result."""
    if not summary.get("marked_not_executable"):
        return ""
    return _(
        'Quy trình “%(id)s” được đánh dấu isExecutable="false" (mặc định của bpmn.io); '
        "tệp chỉ có quy trình này nên MotCua dùng nó."
    ) % {"id": summary.get("process_id", "")}


def import_bpmn(procedure_code: str, xml: str | bytes, *, actor: Actor, source: str = "import") -> ProcessDefinition:
    """Check, normalise and store ``xml`` as the next (active) process version of the procedure."""
    check_can_edit(actor)
    text, process = validate_bpmn(procedure_code, xml)
    procedure = Procedure.objects.select_related("current_version").get(code=procedure_code)
    with transaction.atomic():
        # Lock the procedure row: two imports at once get consecutive numbers.
        Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
        number = (
            ProcessDefinition.objects.filter(procedure_code=procedure_code).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        previous = list(
            ProcessDefinition.objects.filter(procedure_code=procedure_code, active=True).values_list(
                "number", flat=True
            )
        )
        ProcessDefinition.objects.filter(procedure_code=procedure_code, active=True).update(active=False)
        definition = ProcessDefinition.objects.create(
            procedure_code=procedure_code,
            procedure_version=procedure.current_version,
            number=number,
            name=process.name or procedure.name[:300],
            bpmn_xml=text,
            summary=process.summary(),
            source=source,
            active=True,
            created_at=clock.now(),
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
        )
        ProcessStep.objects.bulk_create(
            [
                ProcessStep(
                    definition=definition,
                    element_id=s.id,
                    name=s.name[:300],
                    lane=s.lane,
                    body=s.body,
                    role=s.role,
                    unit=s.unit,
                    amount=Decimal(s.amount),
                    can_request_supplement=s.can_request_supplement,
                    can_refuse=s.can_refuse,
                    order=s.order,
                )
                for s in process.steps
            ]
        )
        audit(
            actor=actor.user,
            action="process.import",
            obj=definition,
            changes={
                "procedure": procedure_code,
                "number": number,
                "source": source,
                "replaces": previous,
                "steps": len(process.steps),
            },
        )
    return definition


def definition_from_steps(
    procedure_code: str, steps: list[bpmn_generate.StepSpec], *, actor: Actor
) -> ProcessDefinition:
    """Generate a BPMN file (lanes + diagram) from a step table and import it."""
    check_can_edit(actor)
    if not steps:
        raise ValidationError(_("Bảng các bước đang trống."), code="empty_step_table")
    procedure = Procedure.objects.filter(code=procedure_code).first()
    name = procedure.name if procedure else procedure_code
    process_id = "Process_" + "".join(ch if ch.isalnum() else "_" for ch in procedure_code)
    xml = bpmn_generate.generate(process_id, name, steps)
    return import_bpmn(procedure_code, xml, actor=actor, source="step_table")


def active_definition(procedure_code: str) -> ProcessDefinition | None:
    return ProcessDefinition.objects.filter(procedure_code=procedure_code, active=True).first()


@dataclass(frozen=True)
class VersionProcesses:
    """What the hot path needs to know of a procedure version's processes (cached per process)."""

    any: bool  # the procedure has (or had) a process: its dossiers may have one
    active: ProcessDefinition | None  # the one a new dossier starts


def _load_version_processes(version_id: Any) -> VersionProcesses:
    code = ProcedureVersion.objects.filter(pk=version_id).values_list("procedure__code", flat=True).first()
    definitions = list(ProcessDefinition.objects.filter(procedure_code=code, active=True)) if code else []
    return VersionProcesses(
        any=bool(definitions) or ProcessDefinition.objects.filter(procedure_code=code).exists(),
        active=definitions[0] if definitions else None,
    )


# Definitions are immutable and a new import creates a row: every save drops the copies everywhere.
_version_processes: caching.ProcessCache[VersionProcesses] = caching.ProcessCache(
    "process-definitions", _load_version_processes
)
caching.watch(_version_processes, ProcessDefinition)


def version_processes(version_id: int) -> VersionProcesses:
    return _version_processes.get(version_id)


def export_bpmn(procedure_code: str, number: int | None = None) -> str:
    """Return the BPMN text of the active (or the given) version of the procedure's process."""
    qs = ProcessDefinition.objects.filter(procedure_code=procedure_code)
    definition = qs.filter(number=number).first() if number else qs.filter(active=True).first()
    if definition is None:
        raise NotFound(
            _("Thủ tục %(code)s chưa có quy trình nội bộ.") % {"code": procedure_code}, code="process_not_found"
        )
    return definition.bpmn_xml


# --- Running ------------------------------------------------------------------------------------


_fee_totals: dict[int, int] = {}
_definition_steps: dict[int, dict[str, ProcessStep]] = {}


def clear_caches() -> None:
    """Forget the parsed specs, steps and fee totals (tests; ids are never reused in production)."""
    engine.clear_cache()
    _version_processes.clear()
    _fee_totals.clear()
    _definition_steps.clear()


def _fee_total(version_id: int) -> int:
    # A procedure version is immutable once a dossier refers to it (catalogue.models), so its fees are.
    if version_id not in _fee_totals:
        _fee_totals[version_id] = sum(FeeLine.objects.filter(version_id=version_id).values_list("amount", flat=True))
    return _fee_totals[version_id]


def steps_of(definition_id: int) -> dict[str, ProcessStep]:
    # Definitions never change after import: their steps are read once per worker process.
    if definition_id not in _definition_steps:
        _definition_steps[definition_id] = {
            s.element_id: s for s in ProcessStep.objects.filter(definition_id=definition_id)
        }
    return _definition_steps[definition_id]


def step_by_pk(definition_id: int) -> dict[int, ProcessStep]:
    """The definition's steps by row id (same per-process copy as ``steps_of``)."""
    return {s.pk: s for s in steps_of(definition_id).values()}


def dossier_facts(dossier: Dossier) -> dict[str, Any]:
    """Return the dossier data the gateways may read (see bpmn/conditions.py FACTS)."""
    total = _fee_total(dossier.procedure_version_id)
    return {
        "applicant_type": dossier.applicant_type,
        "form": dict(dossier.form_data or {}),
        "fee_total": total,
        "fee_category": "free" if total == 0 else "paid",
        "channel": int(dossier.channel),
        "outcome": "",
    }


@dataclass
class _Context:
    dossier: Dossier
    process: DossierProcess
    agencies: dict[str, int | None]
    _calendar: WorkingCalendar | None = None

    @property
    def calendar(self) -> WorkingCalendar:
        if self._calendar is None:  # only when a step opens: one query for the overrides
            self._calendar = _calendar(self.dossier)
        return self._calendar


def _agency_for(ctx: _Context, body: str) -> int | None:
    if body == "{receiving}":
        return ctx.dossier.receiving_agency_id
    if body == "{handling}":
        return ctx.dossier.handling_agency_id
    if body not in ctx.agencies:
        ctx.agencies[body] = Agency.objects.filter(code=body).values_list("id", flat=True).first()
    return ctx.agencies[body]


def step_due(start: datetime, step: ProcessStep, cal: WorkingCalendar) -> datetime:
    """Return when a step started at ``start`` is due: whole working days end at closing time of the
    last day (Bộ luật Dân sự 2015, Điều 147-148); hours and part days count working time."""
    amount = Decimal(step.amount)
    if step.unit == "working_days" and amount == amount.to_integral_value():
        begin = cal.next_opening(start)
        return cal.closing(cal.add_working_days(begin.date(), int(amount)))
    hours = amount * HOURS_PER_DAY if step.unit == "working_days" else amount
    return cal.add_working_time(start, timedelta(seconds=float(hours * 3600)))


def _ready_rows(
    ctx: _Context, workflow: Any, previous: DossierStep | None, now: datetime, known: set[str]
) -> list[DossierStep]:
    """Return unsaved rows for the engine's ready steps not in ``known`` (task ids)."""
    steps = steps_of(ctx.process.definition_id)
    rows = []
    for task in engine.ready_steps(workflow):
        if str(task.id) in known:
            continue
        step = steps[task.task_spec.bpmn_id]
        rows.append(
            DossierStep(
                dossier=ctx.dossier,
                step=step,
                task_id=str(task.id),
                previous=previous,
                agency_id=_agency_for(ctx, step.body),
                body=step.body,
                role=step.role,
                started_at=now,
                due_at=step_due(now, step, ctx.calendar),
            )
        )
    return rows


def _calendar(dossier: Dossier) -> WorkingCalendar:
    return calendar_for(dossier)


def start(dossier_id: int, *, at: datetime | None = None, actor: Actor = SYSTEM) -> DossierProcess | None:
    """Start the active process of the dossier's procedure; return None when it has none.

    The dossier keeps this definition (dossiers in flight keep the process they started with).
    Reception calls ``start_locked`` inside its own transaction (processes/flow.py).
    """
    now = at or clock.now()
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version__procedure", "receiving_point")
            .filter(pk=dossier_id)
            .first()
        )
        if dossier is None:
            raise NotFound(_("Không tìm thấy hồ sơ."), code="not_found")
        if DossierProcess.objects.filter(dossier=dossier).exists():
            raise Conflict(_("Hồ sơ đã có quy trình xử lý."), code="process_already_started")
        started = start_locked(dossier, now)
    return started[0] if started else None


def start_locked(dossier: Dossier, now: datetime) -> tuple[DossierProcess, list[DossierStep]] | None:
    """Start the process of ``dossier`` (its row locked by the caller); return it and its open steps.

    Reception calls it once per dossier; a second start fails on the one-process-per-dossier key.
    """
    definition = version_processes(dossier.procedure_version_id).active
    if definition is None:
        return None
    spec = engine.spec_for(definition.pk, definition.bpmn_xml)
    workflow = engine.start(spec, dossier_facts(dossier))
    process = DossierProcess(
        dossier=dossier,
        definition=definition,
        started_at=now,
        status=DossierProcess.Status.COMPLETED if workflow.is_completed() else DossierProcess.Status.RUNNING,
    )
    ctx = _Context(dossier, process, {})
    rows = _ready_rows(ctx, workflow, None, now, set())
    process.state = engine.dump(workflow)
    process.save()
    DossierStep.objects.bulk_create(rows)
    return process, rows


def _check_actor(actor: Actor, row: DossierStep) -> None:
    user = actor.user
    if user is None or getattr(user, "is_superuser", False):
        return
    if (
        row.agency_id
        and OfficialRole.objects.filter(user=user, agency_id=row.agency_id, role=row.role, active=True).exists()
    ):
        return
    raise PermissionDenied(_("Bạn không có vai trò thực hiện bước này."), code="step_denied")


def locked_process(dossier_id: int, *, with_dossier: bool = False) -> DossierProcess | None:
    """Return the dossier's process with its row locked (and the dossier's row, ``with_dossier``)."""
    return (
        DossierProcess.objects.select_for_update(of=("self", "dossier") if with_dossier else ("self",))
        .select_related("definition", "dossier__procedure_version", "dossier__receiving_point")
        .defer("definition__bpmn_xml")  # the parsed spec is cached: the file is read on a miss only
        .filter(dossier_id=dossier_id)
        .first()
    )


def open_rows_of(dossier_id: int) -> dict[int, DossierStep]:
    return {
        r.pk: r
        for r in DossierStep.objects.filter(dossier_id=dossier_id, finished_at__isnull=True).order_by(
            "started_at", "id"
        )
    }


def missing_step(dossier_id: int, step_row_id: int, actor: Actor) -> Exception:
    """Return the error for a step that is not open: 409 if finished (to someone who holds it), else 404."""
    done = DossierStep.objects.filter(pk=step_row_id, dossier_id=dossier_id).first()
    if done is not None:
        _check_actor(actor, done)
        return Conflict(_("Bước này đã xong."), code="step_finished")
    return NotFound(_("Không tìm thấy bước xử lý."), code="step_not_found")


def advance(
    process: DossierProcess,
    row: DossierStep,
    open_rows: dict[int, DossierStep],
    *,
    actor: Actor,
    outcome: str = "done",
    note: str = "",
    dossier: Dossier | None = None,
) -> list[DossierStep]:
    """Finish ``row`` (locks held by the caller) and open the steps that follow; return those.

    ``dossier`` is the caller's copy of the dossier (the facts the gateways read), if it has one.
    """
    outcome = (outcome or "done").strip()[:30]
    now = clock.now()
    row.step = step_by_pk(process.definition_id)[row.step_id]
    if outcome == "refuse" and not row.step.can_refuse:
        raise refusal_not_allowed(row.step)
    if dossier is not None:
        process.dossier = dossier
    spec = engine.spec_for(process.definition_id, lambda: process.definition.bpmn_xml)  # read only if not parsed
    workflow = engine.load(process.state, spec)
    facts = {**dossier_facts(process.dossier), "outcome": outcome}
    try:
        engine.complete(workflow, row.task_id, facts)
    except engine.EngineError as exc:
        raise Conflict(_("Bộ máy quy trình không chạy tiếp được: %(e)s") % {"e": exc}, code="engine_error") from exc
    row.finished_at = now
    row.finished_by = actor.user if getattr(actor.user, "pk", None) else None
    row.outcome = outcome
    row.note = note
    row.timeliness = classify(now, row.due_at)
    row.save(update_fields=["finished_at", "finished_by", "outcome", "note", "timeliness"])
    ctx = _Context(process.dossier, process, {})
    opened = _ready_rows(ctx, workflow, row, now, {r.task_id for r in open_rows.values()})
    DossierStep.objects.bulk_create(opened)
    process.state = engine.dump(workflow)
    fields = ["state"]
    if workflow.is_completed():
        process.status = DossierProcess.Status.COMPLETED
        process.finished_at = now
        fields += ["status", "finished_at"]
    process.save(update_fields=fields)
    return opened


def refusal_not_allowed(step: ProcessStep) -> PermissionDenied:
    """The error for refusing at a step the process does not let refuse (e.g. the specialist's review)."""
    return PermissionDenied(
        _(
            "Theo quy trình nội bộ, bước “%(step)s” không được từ chối giải quyết hồ sơ. Hãy hoàn thành bước và "
            "ghi ý kiến đề xuất; việc từ chối do người giữ bước được quy trình cho phép từ chối quyết định."
        )
        % {"step": step.name},
        code="refuse_not_allowed",
        details={"step": step.name},
    )


def send_back(
    process: DossierProcess,
    row: DossierStep,
    previous: DossierStep,
    open_rows: dict[int, DossierStep],
    *,
    actor: Actor,
    note: str,
    dossier: Dossier,
) -> tuple[list[DossierStep], list[DossierStep]]:
    """Trả lại: close ``row`` and open ``previous``'s step again, for the official who did it.

    The engine goes back to ``previous`` (the steps that followed it are dropped), so finishing it
    again runs the process on from there. Returns (the rows opened, the rows closed: ``row`` and any
    other step the return dropped), all closed with outcome "returned". Locks held by the caller.
    """
    now = clock.now()
    process.dossier = dossier
    spec = engine.spec_for(process.definition_id, lambda: process.definition.bpmn_xml)
    workflow = engine.load(process.state, spec)
    try:
        engine.reset(workflow, previous.task_id)
    except engine.EngineError as exc:
        raise Conflict(_("Bộ máy quy trình không chạy tiếp được: %(e)s") % {"e": exc}, code="engine_error") from exc
    ready = {str(t.id) for t in engine.ready_steps(workflow)}
    closed = [r for r in open_rows.values() if r.task_id not in ready]
    for r in closed:
        r.finished_at = now
        r.finished_by = actor.user if getattr(actor.user, "pk", None) else None
        r.outcome = "returned"
        r.note = note if r.pk == row.pk else ""
        r.timeliness = classify(now, r.due_at)
        r.save(update_fields=["finished_at", "finished_by", "outcome", "note", "timeliness"])
    ctx = _Context(dossier, process, {})
    opened = _ready_rows(ctx, workflow, row, now, {r.task_id for r in open_rows.values() if r.task_id in ready})
    for r in opened:
        if r.task_id == previous.task_id:
            r.assignee_id = previous.finished_by_id or previous.assignee_id
    DossierStep.objects.bulk_create(opened)
    process.state = engine.dump(workflow)
    process.save(update_fields=["state"])
    return opened, closed


def steps_after(dossier: Dossier, row: DossierStep, outcome: str = "done") -> list[ProcessStep] | None:
    """The steps that finishing the open ``row`` with ``outcome`` would open (a read: nothing is saved).

    None when the engine cannot tell (the process is not running, or a gateway fails on the facts).
    """
    process = (
        DossierProcess.objects.select_related("definition")
        .defer("definition__bpmn_xml")
        .filter(dossier_id=dossier.pk, status=DossierProcess.Status.RUNNING)
        .first()
    )
    if process is None:
        return None
    spec = engine.spec_for(process.definition_id, lambda: process.definition.bpmn_xml)
    workflow = engine.load(process.state, spec)
    waiting = {str(t.id) for t in engine.ready_steps(workflow)}
    try:
        engine.complete(workflow, row.task_id, {**dossier_facts(dossier), "outcome": outcome})
    except engine.EngineError:
        return None
    steps = steps_of(process.definition_id)
    return [steps[t.task_spec.bpmn_id] for t in engine.ready_steps(workflow) if str(t.id) not in waiting]


def _is_head_of(actor: Actor, agency_id: int | None) -> bool:
    return (
        actor.user is not None
        and agency_id is not None
        and OfficialRole.objects.filter(user=actor.user, agency_id=agency_id, role="head", active=True).exists()
    )


def assign_step(dossier_id: int, step_row_id: int, *, actor: Actor, assignee_id: int) -> DossierStep:
    """Name (or change) the official who does a waiting step: someone holding the step's role at its body.

    The head of the step's body may do it (giao lại: reassigning a late step), as may a holder of the step.
    """
    with transaction.atomic():
        row = DossierStep.objects.select_for_update().filter(pk=step_row_id, dossier_id=dossier_id).first()
        if row is None:
            raise NotFound(_("Không tìm thấy bước xử lý."), code="step_not_found")
        if row.finished_at is not None:
            raise Conflict(_("Bước này đã xong."), code="step_finished")
        if not _is_head_of(actor, row.agency_id):  # the body's head hands out and reassigns its steps
            _check_actor(actor, row)
        if (
            row.agency_id is None
            or not OfficialRole.objects.filter(
                user_id=assignee_id, agency_id=row.agency_id, role=row.role, active=True
            ).exists()
        ):
            raise ValidationError(_("Người được giao không có vai trò của bước này."), code="bad_assignee")
        row.assignee_id = assignee_id
        row.save(update_fields=["assignee"])
    return row


def cancel(dossier_id: int) -> None:
    """Stop the dossier's process (withdrawn, stopped, refused outside the process): close open steps."""
    now = clock.now()
    with transaction.atomic():
        DossierProcess.objects.filter(dossier_id=dossier_id, status=DossierProcess.Status.RUNNING).update(
            status=DossierProcess.Status.CANCELLED, finished_at=now
        )
        DossierStep.objects.filter(dossier_id=dossier_id, finished_at__isnull=True).update(
            finished_at=now, outcome="cancelled"
        )


# --- Reads and timers ---------------------------------------------------------------------------


def active_steps(dossier_id: int) -> list[DossierStep]:
    """Return the dossier's waiting steps (no engine state is read)."""
    return list(
        DossierStep.objects.filter(dossier_id=dossier_id, finished_at__isnull=True)
        .select_related("step", "agency", "assignee")
        .order_by("started_at", "id")
    )


def worklist(user: Any) -> QuerySet[DossierStep]:
    """Return the waiting steps at the bodies and roles ``user`` holds, by due time (a lazy query:
    callers count and slice it in SQL; index ``proc_step_worklist``)."""
    pairs = list(OfficialRole.objects.filter(user=user, active=True).values_list("agency_id", "role"))
    if not pairs:
        return DossierStep.objects.none()
    from django.db.models import Q

    cond = Q()
    for agency_id, role in pairs:
        cond |= Q(agency_id=agency_id, role=role)
    return (
        DossierStep.objects.filter(cond, finished_at__isnull=True)
        .select_related("dossier", "step")
        .order_by("due_at", "id")
    )


@dataclass(frozen=True)
class TimerHit:
    step_row_id: int
    dossier_id: int
    kind: str  # "due_soon" / "overdue"
    due_at: datetime


def fire_timers(now: datetime | None = None) -> list[TimerHit]:
    """Mark the waiting steps that became due soon or overdue; return each once.

    This is the tick of the process deadlines (the BPMN timers of the steps): it reads rows only.
    """
    now = now or clock.now()
    soon = now + conf.due_soon_window()
    hits: list[TimerHit] = []
    with transaction.atomic():
        overdue = list(
            DossierStep.objects.select_for_update(skip_locked=True)
            .filter(finished_at__isnull=True, overdue_noticed_at__isnull=True, due_at__lte=now)
            .values_list("id", "dossier_id", "due_at")
        )
        hits += [TimerHit(i, d, "overdue", due) for i, d, due in overdue]
        DossierStep.objects.filter(id__in=[h.step_row_id for h in hits]).update(
            overdue_noticed_at=now, due_soon_noticed_at=now
        )
        due_soon = list(
            DossierStep.objects.select_for_update(skip_locked=True)
            .filter(finished_at__isnull=True, due_soon_noticed_at__isnull=True, due_at__gt=now, due_at__lte=soon)
            .values_list("id", "dossier_id", "due_at")
        )
        soon_hits = [TimerHit(i, d, "due_soon", due) for i, d, due in due_soon]
        DossierStep.objects.filter(id__in=[h.step_row_id for h in soon_hits]).update(due_soon_noticed_at=now)
    return sorted(hits + soon_hits, key=lambda h: (h.due_at, h.step_row_id))


def control_sheet_pdf(dossier_id: int) -> bytes:
    """Return Mẫu 05 (Phiếu kiểm soát quá trình giải quyết hồ sơ) built from the step rows."""
    # Function-local: WeasyPrint loads only in the process that prints a control sheet.
    from motcua.forms.control_sheet import render_control_sheet_pdf

    # Function-local: the control sheet loads WeasyPrint, only in the process that prints one.
    from .control_sheet import control_sheet_data

    return render_control_sheet_pdf(control_sheet_data(dossier_id))
