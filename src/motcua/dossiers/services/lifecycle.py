"""The dossier lifecycle: one function per action, each a call of ``transition()``.

Rules cite their source: Decree 61/2018/NĐ-CP (as amended, and Decree 118/2025/NĐ-CP), Circular
01/2018/TT-VPCP. Every function takes the dossier id and returns the updated dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.calendars.deadlines import can_extend, classify, due_after_resume, latest_extension
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import InvalidTransition, ValidationError
from motcua.dossiers import notes, rules
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierDocument,
    DossierEvent,
    SupplementRequest,
)
from motcua.dossiers.services import documents, result_signing
from motcua.dossiers.services.reception import accept
from motcua.dossiers.services.results import ResultRecord, clean_record
from motcua.dossiers.services.timing import (
    answer_due,
    calendar_for,
    extension_working_days,
    processing_time,
)
from motcua.dossiers.services.transitions import transition
from motcua.dossiers.statuses import FINISHED, TRANSITIONS, Status
from motcua.organisation.models import Agency
from motcua.organisation.permissions import roles_at
from motcua.processes import flow
from motcua.processes.models import DossierStep

Result = Dossier


def _require_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(message, code="required", details={"field": field})
    return text


def receive(dossier_id: int, *, actor: Actor, note: str = "", version: int | None = None) -> Result:
    """Tiếp nhận: accept an online dossier; the legal due time (hẹn trả) starts (Decree 61 art. 17).

    When the procedure requires payment before processing and fees are due, the dossier goes to
    "fee_requested" (national status 6) and the clock waits until ``fee_paid``.
    """

    def change(d: Dossier) -> dict[str, Any]:
        return accept(d, officer=actor.user, now=clock.now())

    return transition(
        dossier_id=dossier_id, action="receive", actor=actor, change=change, note=note, expected_version=version
    )[0]


def fee_paid(dossier_id: int, *, actor: Actor, note: str = "", version: int | None = None) -> Result:
    """The financial obligation is met (paid online, by transfer or at the counter); processing resumes."""

    def change(d: Dossier) -> dict[str, Any]:
        d.status = Status.RECEIVED
        return resume_clock(d, clock.now())

    return transition(
        dossier_id=dossier_id, action="fee_paid", actor=actor, change=change, note=note, expected_version=version
    )[0]


def resume_clock(d: Dossier, now: datetime) -> dict[str, Any]:
    """Close the open clock pause and move the due time by settings.MOTCUA_SUPPLEMENT_CLOCK.

    "restart": Decree 61/2018 art. 19.4; "subtract": Decision 766/QĐ-TTg. An extended due date
    moves by the same amount as the legal one.
    """
    pause = ClockPause.objects.filter(dossier=d, resumed_at__isnull=True).last()
    if pause is None or pause.due_at_before is None:
        return {}
    pause.resumed_at = now
    pause.save(update_fields=["resumed_at"])
    cal = calendar_for(d)
    legal = due_after_resume(
        policy=settings.MOTCUA_SUPPLEMENT_CLOCK,
        pt=processing_time(d.procedure_version),
        cal=cal,
        due_before=pause.due_at_before,
        paused_at=pause.paused_at,
        resumed_at=now,
    )
    flow.pause_ended(d, paused_at=pause.paused_at, resumed_at=now, cal=cal)
    shift = legal - pause.due_at_before
    d.original_due_at = legal
    d.due_at = (d.due_at + shift) if d.extended_at and d.due_at else legal
    return {"due_at": clock.utc_iso(d.due_at)}


def request_supplement(
    dossier_id: int, *, actor: Actor, items: list[dict[str, str]], note: str = "", version: int | None = None
) -> Result:
    """Yêu cầu bổ sung (Mẫu 02): ask once for everything missing, each item with its reason.

    Before reception the clock has not started. After reception the clock pauses until the
    applicant supplements (Decree 61 art. 19.4; the request should go out within 3 working days
    of receipt — a later one is flagged in the history).
    """
    clean = _clean_items(items)
    current = Dossier.objects.only("status").filter(pk=dossier_id).first()
    # The status picks the entry: at reception while submitted, else after review (rules.entry_for).
    action = rules.entry_for("request_supplement", Status(current.status if current else Status.PROCESSING)).action
    at_reception = action == "request_supplement_reception"

    def change(d: Dossier) -> dict[str, Any]:
        now = clock.now()
        data: dict[str, Any] = {"items": clean}
        if not at_reception:
            flow.check_supplement_allowed(d, actor)
        if d.received_at is not None:
            ClockPause.objects.create(dossier=d, paused_at=now, due_at_before=d.due_at, reason="supplement")
            cal = calendar_for(d)
            limit = cal.add_working_days(d.received_at.astimezone(clock.VN_TZ).date(), 3)
            data["late_request"] = now.astimezone(clock.VN_TZ).date() > limit
        SupplementRequest.objects.create(
            dossier=d,
            stage=SupplementRequest.Stage.RECEPTION if at_reception else SupplementRequest.Stage.REVIEW,
            items=clean,
            note=note,
            requested_at=now,
            requested_by=actor.user,
            return_status=d.status,
            answer_due_at=answer_due(d, now),
        )
        return data

    return transition(
        dossier_id=dossier_id, action=action, actor=actor, change=change, note=note, expected_version=version
    )[0]


def _clean_items(items: list[dict[str, str]]) -> list[dict[str, str]]:
    clean = []
    for i, item in enumerate(items or []):
        name = (item.get("name") or "").strip()
        reason = (item.get("reason") or "").strip()
        if not name or not reason:
            raise ValidationError(
                _("Mỗi nội dung cần bổ sung phải có tên giấy tờ và lý do."),
                code="invalid_supplement_items",
                details={"item": i},
            )
        clean.append({"requirement": (item.get("requirement") or "").strip(), "name": name, "reason": reason})
    if not clean:
        raise ValidationError(_("Phải nêu ít nhất một nội dung cần bổ sung."), code="invalid_supplement_items")
    return clean


def supplement(
    dossier_id: int, *, actor: Actor, note: str = "", version: int | None = None, files: Sequence[Any] = ()
) -> Result:
    """Bổ sung hồ sơ: the applicant hands in what was asked; pending supplement files are attached.

    ``files``: uploads handed in with the action (at the counter), stored in its transaction. The
    clock resumes by the policy in settings.MOTCUA_SUPPLEMENT_CLOCK ("restart": Decree 61 art.
    19.4; "subtract": Decision 766/QĐ-TTg).
    """

    def change(d: Dossier) -> dict[str, Any]:
        now = clock.now()
        request = SupplementRequest.objects.filter(dossier=d, fulfilled_at__isnull=True).last()
        d.status = request.return_status if request else Status.PROCESSING
        pending = DossierDocument.objects.filter(dossier=d, kind=DossierDocument.Kind.SUPPLEMENT, event__isnull=True)
        if not pending.exists():
            raise ValidationError(_("Vui lòng tải lên giấy tờ bổ sung trước khi gửi."), code="supplement_files_missing")
        SupplementRequest.objects.filter(dossier=d, fulfilled_at__isnull=True).update(fulfilled_at=now)
        d.supplement_count += 1
        return {"documents": list(pending.values_list("pk", flat=True)), **resume_clock(d, now)}

    with documents.uploading(
        dossier_id, actor=actor, kind=DossierDocument.Kind.SUPPLEMENT, files=files, version=version
    ):
        dossier, event = transition(
            dossier_id=dossier_id, action="supplement", actor=actor, change=change, note=note, expected_version=version
        )
        _link_pending(dossier, DossierDocument.Kind.SUPPLEMENT, event)
    return dossier


def _link_pending(dossier: Dossier, kind: str, event: DossierEvent) -> None:
    """Attach the pending files of ``kind`` to the action's history line (in its transaction)."""
    DossierDocument.objects.filter(dossier=dossier, kind=kind, event__isnull=True).update(event=event)


def refuse_at_reception(dossier_id: int, *, actor: Actor, reasons: str, version: int | None = None) -> Result:
    """Từ chối tiếp nhận (Mẫu 03): refuse at the counter, with the specific reasons."""
    text = _require_text(reasons, "reasons", _("Phải nêu rõ lý do từ chối."))

    def change(d: Dossier) -> dict[str, Any]:
        d.decision_note = text
        flow.stop(d)
        return {"reasons": text}

    return transition(
        dossier_id=dossier_id,
        action="refuse_reception",
        actor=actor,
        change=change,
        note=text,
        expected_version=version,
    )[0]


def forward(
    dossier_id: int, *, actor: Actor, to_agency_code: str, note: str = "", version: int | None = None
) -> Result:
    """Chuyển xử lý: hand the dossier to the competent body (Decree 61 art. 18); it leaves the assignee."""
    to_agency = Agency.objects.filter(code=to_agency_code).first()
    if to_agency is None:
        raise ValidationError(_("Không tìm thấy cơ quan nhận."), code="unknown_agency", details={"field": "to_agency"})

    def change(d: Dossier) -> dict[str, Any]:
        if flow.running(d) is not None:
            raise InvalidTransition(
                _("Hồ sơ được chuyển theo quy trình nội bộ: hãy hoàn thành bước đang giữ."), code="routed_by_process"
            )
        previous = d.handling_agency.code
        d.handling_agency = to_agency
        d.assignee = None
        return {"from_agency": previous, "to_agency": to_agency.code}

    return transition(
        dossier_id=dossier_id, action="forward", actor=actor, change=change, note=note, expected_version=version
    )[0]


def assign(
    dossier_id: int, *, actor: Actor, assignee_username: str, note: str = "", version: int | None = None
) -> Result:
    """Phân công: give the dossier to a specialist of the handling agency."""
    user = User.objects.filter(username=assignee_username).first()

    def change(d: Dossier) -> dict[str, Any]:
        if user is None or not roles_at(user, d.handling_agency_id) & {"specialist", "head"}:
            raise ValidationError(
                _("Người được phân công phải là chuyên viên của cơ quan đang xử lý."),
                code="invalid_assignee",
                details={"field": "assignee"},
            )
        d.assignee = user
        steps = flow.assign_open_steps(d, actor, user)
        return {"assignee": user.username, **({"steps": steps} if steps else {})}

    return transition(
        dossier_id=dossier_id, action="assign", actor=actor, change=change, note=note, expected_version=version
    )[0]


def approve(
    dossier_id: int, *, actor: Actor, note: str = "", version: int | None = None, step_row_id: int | None = None
) -> Result:
    """Phê duyệt: the head approves; the clerk then issues the result.

    With an internal process, the head's open step is finished by the approval; it must be the last
    processing step (no specialist or head step left open or opened by it), else 409.
    """
    return transition(
        dossier_id=dossier_id,
        action="approve",
        actor=actor,
        change=_step_change("approve", actor, note, then=_last_processing_step, step_row_id=step_row_id),
        note=note,
        expected_version=version,
        step_row_id=step_row_id,
    )[0]


def _last_processing_step(d: Dossier, data: dict[str, Any] | None) -> None:
    if data and data["processing_left"]:
        raise InvalidTransition(
            _(
                "Bước “%(step)s” chưa phải bước phê duyệt: sau bước này hồ sơ còn bước xử lý khác. "
                "Hãy hoàn thành bước để chuyển tiếp."
            )
            % {"step": data["step"]},
            code="not_the_approval_step",
            details={"step_id": data["step_id"]},
        )


def _step_change(
    action: str, actor: Actor, note: str, refuse: bool = False, then: Any = None, step_row_id: int | None = None
) -> Any:
    """Return a change that finishes the actor's open step for ``action`` (when a process runs), then
    ``then(dossier, step data or None)``."""

    def change(d: Dossier) -> dict[str, Any]:
        data = flow.take(
            d, actor, roles=TRANSITIONS[action].roles, outcome=action, note=note, refuse=refuse, step_row_id=step_row_id
        )
        extra = then(d, data) if then else None
        return {**({"process_step": data} if data else {}), **(extra or {})}

    return change


def _finish(d: Dossier) -> dict[str, Any]:
    now = clock.now()
    d.finished_at = now
    legal_due = d.original_due_at or d.due_at
    d.timeliness = classify(now, legal_due) if legal_due else ""
    return {"timeliness": d.timeliness}


def refuse(dossier_id: int, *, actor: Actor, reasons: str, version: int | None = None) -> Result:
    """Từ chối giải quyết after review, with reasons; the refusal is returned like a result."""
    text = _require_text(reasons, "reasons", _("Phải nêu rõ lý do từ chối."))

    def finish(d: Dossier, _step: Any) -> dict[str, Any]:
        d.decision_note = text
        return {**_finish(d), "reasons": text}

    return transition(
        dossier_id=dossier_id,
        action="refuse",
        actor=actor,
        change=_step_change("refuse", actor, text, refuse=True, then=finish),
        note=text,
        expected_version=version,
    )[0]


def issue_result(
    dossier_id: int,
    *,
    actor: Actor,
    record: ResultRecord | None = None,
    note: str = "",
    version: int | None = None,
    step_row_id: int | None = None,
    files: Sequence[Any] = (),
) -> Result:
    """Ban hành kết quả: the clerk issues the result with its number, date and signer; pending result
    files, and ``files`` uploaded with the action (stored in its transaction), are attached.

    ``record`` is checked by ``results.clean_record`` (number and signer required, date neither in
    the future nor before the approval). The dossier is finished now and classified early / on
    time / late against its legal due time, by date and time.
    """

    def issue(d: Dossier, _step: Any) -> dict[str, Any]:
        pending = DossierDocument.objects.filter(dossier=d, kind=DossierDocument.Kind.RESULT, event__isnull=True)
        if not pending.exists():
            raise ValidationError(_("Vui lòng tải lên văn bản kết quả trước khi ban hành."), code="result_file_missing")
        clean = clean_record(record, d)
        d.result_number, d.result_date = clean.number, clean.issued_on
        d.result_signer_name, d.result_signer_position = clean.signer_name, clean.signer_position
        data = {**_finish(d), "documents": list(pending.values_list("pk", flat=True)), "result": clean.as_data()}
        if result_signing.enabled():
            data["signed"] = result_signing.sign_results(d, list(pending), clean)
        return data

    with documents.uploading(dossier_id, actor=actor, kind=DossierDocument.Kind.RESULT, files=files, version=version):
        dossier, event = transition(
            dossier_id=dossier_id,
            action="issue_result",
            actor=actor,
            change=_step_change("issue_result", actor, note, then=issue, step_row_id=step_row_id),
            note=note,
            expected_version=version,
            step_row_id=step_row_id,
        )
        _link_pending(dossier, DossierDocument.Kind.RESULT, event)
    return dossier


def return_result(
    dossier_id: int, *, actor: Actor, note: str = "", version: int | None = None, step_row_id: int | None = None
) -> Result:
    """Trả kết quả: hand the result (or the refusal) to the applicant."""

    def returned(d: Dossier, _step: Any) -> None:
        d.returned_at = clock.now()
        flow.stop(d)  # nothing is left to do: close what the process may still hold open

    return transition(
        dossier_id=dossier_id,
        action="return_result",
        actor=actor,
        change=_step_change("return_result", actor, note, then=returned, step_row_id=step_row_id),
        note=note,
        expected_version=version,
        step_row_id=step_row_id,
    )[0]


def withdraw(dossier_id: int, *, actor: Actor, reason: str = "", version: int | None = None) -> Result:
    """Rút hồ sơ: the applicant withdraws before any decision."""
    return transition(
        dossier_id=dossier_id, action="withdraw", actor=actor, change=flow.stop, note=reason, expected_version=version
    )[0]


def stop(dossier_id: int, *, actor: Actor, reason: str, version: int | None = None) -> Result:
    """Dừng giải quyết at the applicant's request, before a decision (Decree 118/2025 art. 21)."""
    text = _require_text(reason, "reason", _("Phải nêu lý do dừng giải quyết."))
    return transition(
        dossier_id=dossier_id, action="stop", actor=actor, change=flow.stop, note=text, expected_version=version
    )[0]


def extend(dossier_id: int, *, actor: Actor, new_due_at: datetime, reason: str, version: int | None = None) -> Result:
    """Xin lỗi và hẹn lại ngày trả (Mẫu 04): one new due date, at least 1 working day before the due date.

    Decree 61/2018 art. 19 (now Decree 118/2025/NĐ-CP): the apology states the reason and the new
    date; the date may be set only once. The law does not say how far it may lie: at most
    ``timing.extension_working_days`` working days after the current due date (a setting, default
    the procedure's legal time). The legal due time (``original_due_at``) stays for timeliness.
    """
    text = _require_text(reason, "reason", _("Phải nêu lý do chậm trả kết quả."))
    if new_due_at.tzinfo is None:
        raise ValidationError(
            _("Ngày hẹn mới phải có múi giờ."), code="invalid_datetime", details={"field": "new_due_at"}
        )

    def change(d: Dossier) -> dict[str, Any]:
        if d.extended_at is not None:
            raise ValidationError(_("Hồ sơ đã được gia hạn một lần; không được gia hạn tiếp."), code="already_extended")
        if d.due_at is None or new_due_at <= d.due_at:
            raise ValidationError(
                _("Ngày hẹn mới phải sau ngày hẹn trả hiện tại."),
                code="invalid_new_due_at",
                details={"field": "new_due_at"},
            )
        cal = calendar_for(d)
        now = clock.now()
        if not can_extend(now, d.due_at, cal, settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE):
            raise ValidationError(
                _("Phải xin lỗi và hẹn lại chậm nhất %(n)s ngày làm việc trước ngày hẹn trả.")
                % {"n": settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE},
                code="extension_too_late",
            )
        if not cal.is_working_time(new_due_at):
            raise ValidationError(
                _("Ngày hẹn mới phải rơi vào giờ làm việc của ngày làm việc."),
                code="invalid_new_due_at",
                details={"field": "new_due_at"},
            )
        days = extension_working_days(d.procedure_version_id, cal)
        latest = latest_extension(d.due_at, days, cal)
        if new_due_at > latest:
            raise ValidationError(
                _(
                    "Ngày hẹn mới chỉ được sau ngày hẹn trả hiện tại tối đa %(n)s ngày làm việc, tức chậm nhất "
                    "%(latest)s."
                )
                % {"n": days, "latest": latest.strftime("%H:%M %d/%m/%Y")},
                code="extension_too_long",
                details={"field": "new_due_at", "max_working_days": days, "latest": clock.utc_iso(latest)},
            )
        old = d.due_at
        flow.extended(d, old_due=old, new_due=new_due_at, cal=cal)
        d.due_at = new_due_at
        d.extended_at = now
        d.extension_reason = text
        return {"old_due_at": clock.utc_iso(old), "new_due_at": clock.utc_iso(new_due_at)}

    return transition(
        dossier_id=dossier_id, action="extend", actor=actor, change=change, note=text, expected_version=version
    )[0]


def complete_step(
    dossier_id: int,
    step_row_id: int,
    *,
    actor: Actor,
    outcome: str = "done",
    note: str = "",
    version: int | None = None,
    record: ResultRecord | None = None,
) -> Result:
    """Hoàn thành bước: the holder of an open step of the internal process finishes it.

    A step that amounts to a legal action is that action: a clerk's step after approval issues the
    result (with ``record``), a one-stop desk step after the decision returns it, ``outcome="refuse"``
    (only where the step may refuse, with the reasons in ``note``; else 403) refuses the dossier.
    The last head step before issuing is the approval (Phê duyệt).
    """
    if actor.note_visibility is None:  # a step's note is a working note, whatever legal action the step is
        actor = replace(actor, note_visibility=notes.default_visibility("complete_step"))
    if outcome == "refuse":
        return _refuse_step(dossier_id, step_row_id, actor=actor, reasons=note, version=version)
    row = DossierStep.objects.filter(pk=step_row_id, dossier_id=dossier_id).values_list("role", "agency_id").first()
    role = row[0] if row else ""
    current = Dossier.objects.filter(pk=dossier_id).values_list("status", "receiving_agency_id").first()
    if row is not None and current is not None and outcome == "done":
        status, receiving = current
        if role == "clerk" and status == Status.APPROVED:
            return issue_result(
                dossier_id, actor=actor, record=record, note=note, version=version, step_row_id=step_row_id
            )
        if role == "reception" and row[1] == receiving and status in FINISHED:
            return return_result(dossier_id, actor=actor, note=note, version=version, step_row_id=step_row_id)

    def change(d: Dossier) -> dict[str, Any]:
        data = flow.take(d, actor, roles=frozenset(), outcome=outcome or "done", note=note, step_row_id=step_row_id)
        if data is None:
            raise InvalidTransition(_("Hồ sơ không có quy trình nội bộ đang chạy."), code="process_not_running")
        if d.status == Status.RECEIVED:
            d.status = Status.PROCESSING
        if role == "head" and d.status == Status.PROCESSING and not data["processing_left"]:
            d.status = Status.APPROVED  # the head signs off the last processing step: the approval
            data["approved"] = True
        return data

    return transition(
        dossier_id=dossier_id,
        action="complete_step",
        actor=actor,
        change=change,
        note=note,
        expected_version=version,
        step_row_id=step_row_id,
    )[0]


def _refuse_step(dossier_id: int, step_row_id: int, *, actor: Actor, reasons: str, version: int | None) -> Result:
    text = _require_text(reasons, "note", _("Phải nêu rõ lý do từ chối."))  # complete_step's reasons are its note

    def change(d: Dossier) -> dict[str, Any]:
        data = flow.take(d, actor, roles=frozenset(), outcome="refuse", note=text, step_row_id=step_row_id, refuse=True)
        if data is None:
            raise InvalidTransition(_("Hồ sơ không có quy trình nội bộ đang chạy."), code="process_not_running")
        d.decision_note = text
        return {**data, **_finish(d), "reasons": text}

    return transition(
        dossier_id=dossier_id,
        action="refuse_step",
        actor=actor,
        change=change,
        note=text,
        expected_version=version,
        step_row_id=step_row_id,
    )[0]


def send_back(dossier_id: int, step_row_id: int, *, actor: Actor, reason: str, version: int | None = None) -> Result:
    """Trả lại chuyên viên: the head returns the dossier to the specialist whose step came before.

    Only from a head's open step whose predecessor is a specialist's step (``processes.selectors
    .returnable``); that step opens again for the same official, who is told why. The reason is
    required. The dossier stays "processing"; the history line is internal (not the applicant's).
    """
    text = _require_text(reason, "reason", _("Phải nêu lý do trả lại."))

    def change(d: Dossier) -> dict[str, Any]:
        return flow.send_back(d, actor, step_row_id=step_row_id, note=text)

    return transition(
        dossier_id=dossier_id,
        action="send_back",
        actor=actor,
        change=change,
        note=text,
        expected_version=version,
        step_row_id=step_row_id,
    )[0]
