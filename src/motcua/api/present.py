"""Turn domain objects into the API's output dictionaries (matching schemas.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from motcua.catalogue.code_lists import document_type_name
from motcua.catalogue.form_schema import choice_names
from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.core import clock
from motcua.dossiers import notes
from motcua.dossiers.models import Digitisation, Dossier, DossierDocument, DossierEvent
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.receipt import processing_time_text_for
from motcua.dossiers.services.timing import answer_due_of
from motcua.dossiers.statuses import Status, action_label
from motcua.organisation.models import Agency, Role
from motcua.processes.selectors import step_state


def ref(obj: Any) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name}


def procedure_item(p: Procedure) -> dict[str, Any]:
    v = p.current_version
    assert v is not None
    return {
        "code": p.code,
        "name": v.name,
        "field": ref(p.field),
        "implementing_level": v.implementing_level,
        "online_level": v.online_level,
        "processing_time": processing_time_text_for(v),
    }


def procedure_detail(p: Procedure) -> dict[str, Any]:
    v: ProcedureVersion = p.current_version  # type: ignore[assignment]
    return {
        **procedure_item(p),
        "version": v.number,
        "description": v.description,
        "requirements": v.requirements,
        "applicant_types": v.applicant_types,
        "time_unit": v.time_unit,
        "time_amount": format(v.time_amount.normalize(), "f"),  # 10, not 1E+1
        "same_day_cutoff": v.same_day_cutoff.strftime("%H:%M") if v.same_day_cutoff else None,
        "result_type": v.result_type,
        "legal_basis": v.legal_basis,
        "form_fields": form_fields_out(v.form_fields),
        "documents": [
            {
                "code": d.code,
                "name": d.name,
                "form": d.form,
                "form_label": d.get_form_display(),
                "count": d.count,
                "required": d.required,
                "applicant_types": d.applicant_types,
                "template_name": d.template_name,
                "template_url": d.template_url,
                "note": d.note,
                "channels": {"online": d.online_mode, "counter": d.counter_mode},
            }
            for d in v.documents.all()
        ],
        "fees": [
            {"kind": f.kind, "name": f.name, "amount": f.amount, "rule": f.rule, "exemptions": f.exemptions}
            for f in v.fees.all()
        ],
        "agencies": [ref(a) for a in v.agencies.all()],
    }


def form_fields_out(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The form's field specs, a ``code_list`` field with its ``choices`` spelled out."""
    return [{**spec, "choices": list(choice_names(spec))} if spec.get("code_list") else spec for spec in specs]


def dossier_summary(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "national_status": d.national_status,
        "procedure": {"code": d.procedure_version.procedure.code, "name": d.procedure_version.name},
        "applicant_name": d.applicant_name,
        "handling_agency": ref(d.handling_agency),
        "channel": d.channel,
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "timeliness": d.timeliness,
    }


def dossier_detail(d: Dossier, user: Any) -> dict[str, Any]:
    # A request is open exactly while the dossier waits for the supplement.
    open_request = (
        d.supplement_requests.filter(fulfilled_at__isnull=True).last()
        if d.status == Status.SUPPLEMENT_REQUESTED
        else None
    )
    official = getattr(user, "kind", "") == "official"
    return {
        **dossier_summary(d),
        "version": d.version,
        "receiving_agency": ref(d.receiving_agency),
        "applicant": {
            "type": d.applicant_type,
            "name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
            "address": d.applicant_address,
        },
        "summary": d.summary,
        "form_data": d.form_data,
        "sets_count": d.sets_count,
        "original_due_at": d.original_due_at,
        "extended_at": d.extended_at,
        "finished_at": d.finished_at,
        "returned_at": d.returned_at,
        "assignee": d.assignee.username if d.assignee else None,
        "decision_note": d.decision_note,
        "supplement_count": d.supplement_count,
        "open_supplement_request": open_request.items if open_request else None,
        "supplement_due_at": answer_due_of(open_request) if open_request else None,
        "documents": [
            document(doc, official=official)
            for doc in d.documents.select_related(
                "requirement", "dossier", "digitisation__digitised_by", "digitisation__certified_by"
            )
        ],
        "result": (
            {
                "number": d.result_number,
                "date": d.result_date,
                "signer_name": d.result_signer_name,
                "signer_position": d.result_signer_position,
            }
            if d.result_number
            else None
        ),
        "allowed_actions": allowed_actions(user, d),
    }


def document(doc: DossierDocument, *, official: bool = False) -> dict[str, Any]:
    """One file of a dossier; an official also gets its digitisation (số hóa), if any."""
    record = getattr(doc, "digitisation", None) if official else None
    return {
        "digitisation": digitisation(record) if record is not None else None,
        "id": doc.pk,
        "kind": doc.kind,
        "name": doc.original_name,
        "requirement": doc.requirement.code if doc.requirement else None,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "uploaded_at": doc.uploaded_at,
        "url": reverse("api-v1:download_document", args=[doc.dossier.code, doc.pk]),
    }


def digitisation(r: Digitisation) -> dict[str, Any]:
    return {
        "document_type": r.document_type,
        "document_type_name": document_type_name(r.document_type) or r.document_type,
        "number": r.number,
        "issuing_body": r.issuing_body,
        "issued_on": r.issued_on,
        "valid_until": r.valid_until,
        "kind": r.kind,
        "certified_by": r.certified_by.get_username() if r.certified_by else None,
        "digitised_by": r.digitised_by.get_username(),
        "digitised_at": r.digitised_at,
        "sealed": r.sealed_at is not None,
    }


def event(e: DossierEvent, *, official: bool) -> dict[str, Any]:
    """One history line; an applicant (``official`` False) gets internal notes blanked."""
    return {
        "at": e.at,
        "action": e.action,
        "action_label": action_label(e.action),
        "actor_name": e.actor_name,
        "actor_role": e.actor_role,
        "agency": ref(e.agency) if e.agency else None,
        "on_behalf_of": e.on_behalf_of,
        "channel": e.channel,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "note": e.note if official else notes.for_applicant(e),
        "note_visibility": e.note_visibility,
        "data": _times_in_utc(e.data),
        "documents": [doc.pk for doc in e.documents.all()],
    }


def _times_in_utc(data: dict[str, Any]) -> dict[str, Any]:
    """Return history data with its times (``*_at``) in the API's form; older rows stored other offsets."""
    out = dict(data)
    for key, value in data.items():
        if key.endswith("_at") and isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            if moment.tzinfo is not None:
                out[key] = clock.utc_iso(moment)
    return out


def track(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "national_status": d.national_status,
        "procedure": {"code": d.procedure_version.procedure.code, "name": d.procedure_version.name},
        "handling_agency": ref(d.handling_agency),
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "finished_at": d.finished_at,
        "returned_at": d.returned_at,
        "timeliness": d.timeliness,
    }


def agency(a: Agency) -> dict[str, str]:
    return {"code": a.code, "name": a.name, "level": a.level}


def worklist_item(d: Dossier, extra: Any) -> dict[str, Any]:
    """A work-list row: the summary, who works it and the steps waiting for the caller
    (``extra``: a processes.worklists.WorkDetails)."""
    return {
        **dossier_summary(d),
        "handlers": list(extra.handlers.names),
        "more_handlers": extra.handlers.more,
        "my_steps": [{"id": r.pk, "name": r.step.name, "due_at": r.due_at} for r in extra.mine],
        "returned_at": d.returned_at,
        "closed_at": d.closed_at,
    }


class Mapped:
    """A lazily sliced queryset whose rows are presented by ``fn`` (for ninja's pagination), or all
    the rows of a page at once by ``batch`` (to load what they show in a fixed number of queries)."""

    def __init__(self, qs: Any, fn: Any, batch: Any = None) -> None:
        self.qs, self.fn, self.batch = qs, fn, batch

    def all(self) -> Mapped:
        return self

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Any]:
        if self.batch is not None:
            return list(self.batch(list(self.qs[item])))
        return [self.fn(x) for x in self.qs[item]]


def step(row: Any, *, now: Any, yours: bool) -> dict[str, Any]:
    """One step of a dossier's internal process (a processes.models.DossierStep)."""
    return {
        "id": row.pk,
        "name": row.step.name,
        "body": ref(row.agency) if row.agency is not None else None,
        "body_rule": row.body,
        "role": row.role,
        "role_label": str(Role(row.role).label) if row.role in Role.values else row.role,
        "assignee": row.assignee.username if row.assignee else None,
        "assignee_name": row.assignee.display_name if row.assignee else "",
        "started_at": row.started_at,
        "due_at": row.due_at,
        "finished_at": row.finished_at,
        "finished_by": row.finished_by.display_name if row.finished_by else None,
        "outcome": row.outcome,
        "timeliness": row.timeliness,
        "state": step_state(row, now),
        "note": row.note,
        "can_refuse": row.step.can_refuse,
        "can_request_supplement": row.step.can_request_supplement,
        "yours": yours,
    }


def my_step(row: Any, *, now: Any) -> dict[str, Any]:
    d = row.dossier
    return {
        **step(row, now=now, yours=True),
        "dossier": d.code,
        "dossier_status": d.status,
        "procedure": {"code": d.procedure_version.procedure.code, "name": d.procedure_version.name},
    }


def stored_item(i: Any) -> dict[str, Any]:
    """An item of the applicant's data store (datastore.StoredItem), as GET /datastore/items lists it."""
    return {
        "id": i.pk,
        "title": i.title,
        "document_code": i.document_code,
        "number": i.number,
        "issuing_body": i.issuing_body,
        "issued_on": i.issued_on,
        "valid_until": i.valid_until,
        "source": i.source,
        "source_dossier": i.source_dossier.code if i.source_dossier else None,
        "content_type": i.content_type,
        "size": i.size,
        "sha256": i.sha256,
        "created_at": i.created_at,
    }
