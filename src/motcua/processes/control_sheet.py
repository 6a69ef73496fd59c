"""Turn a dossier's step rows into the Mẫu 05 dataclasses (forms/ imports no other app)."""

from __future__ import annotations

from motcua.core import clock
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.receipt import issuing_body
from motcua.forms.control_sheet import ControlSheetData, ControlSheetRow
from motcua.organisation.models import Role

from .models import DossierStep

RECEPTION_DESK = "Bộ phận Một cửa"


def _person(user: object | None) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or getattr(user, "username", ""))


def _body(row: DossierStep) -> str:
    return row.agency.name if row.agency is not None else row.body


def control_sheet_data(dossier_id: int) -> ControlSheetData:
    """Return Mẫu 05 data: one row per finished step, handed to the steps it opened."""
    dossier = (
        Dossier.objects.select_related("receiving_agency__parent", "procedure_version", "receiving_point")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise NotFound("dossier", code="not_found")
    steps = list(
        DossierStep.objects.filter(dossier_id=dossier_id)
        .select_related("agency", "assignee", "finished_by", "step")
        .order_by("started_at", "id")
    )
    rows: list[ControlSheetRow] = []
    for row in steps:
        if row.finished_at is None or row.outcome == "cancelled":
            continue
        successors = [s for s in steps if s.previous_id == row.pk]
        if row.outcome == "returned" and not successors:
            continue  # a parallel step dropped by a return (trả lại): no hand-over happened
        if successors:
            to_body = "; ".join(dict.fromkeys(_body(s) for s in successors))
            to_person = "; ".join(dict.fromkeys(_person(s.assignee) or str(Role(s.role).label) for s in successors))
        else:
            to_body, to_person = RECEPTION_DESK, "trả kết quả" if row.outcome != "refuse" else "trả hồ sơ từ chối"
        rows.append(
            ControlSheetRow(
                from_body=_body(row),
                from_person=_person(row.finished_by) or _person(row.assignee),
                to_body=to_body,
                to_person=to_person,
                at=row.finished_at,
                result=row.timeliness,
                note=(row.note or row.step.name)[:300],
            )
        )
    rows.sort(key=lambda r: r.at)
    return ControlSheetData(
        body=issuing_body(dossier),
        dossier_code=dossier.code,
        applicant_name=dossier.applicant_name,
        procedure=dossier.procedure_version.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        issued_at=clock.now(),
        rows=tuple(rows),
    )
