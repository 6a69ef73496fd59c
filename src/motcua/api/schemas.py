"""Input and output schemas of the API. Inputs reject unknown fields."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] | list[Any] = Field(default_factory=dict)


class Ref(Schema):
    code: str
    name: str


# --- Procedures -------------------------------------------------------------------------------
class ProcedureListItem(Schema):
    code: str
    name: str
    field: Ref
    implementing_level: str
    online_level: str
    processing_time: str


class DocumentRequirementOut(Schema):
    code: str
    name: str
    form: str
    form_label: str
    count: int
    required: bool
    applicant_types: list[str]
    template_name: str
    template_url: str
    note: str
    channels: dict[str, str] = Field(
        description="how the paper is given per channel (online, counter): upload, "
        "eform (the declaration is the form data), show (shown for "
        "comparison, not filed) or none"
    )


class FeeOut(Schema):
    kind: str
    name: str
    amount: int
    rule: str
    exemptions: str


class ProcedureDetail(ProcedureListItem):
    version: int
    description: str
    requirements: str
    applicant_types: list[str]
    time_unit: str
    time_amount: str
    same_day_cutoff: str | None
    result_type: str
    legal_basis: str
    form_fields: list[dict[str, Any]]
    documents: list[DocumentRequirementOut]
    fees: list[FeeOut]
    agencies: list[Ref]


# --- Dossiers ---------------------------------------------------------------------------------
class ApplicantIn(In):
    type: str = "citizen"
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    admin_unit_code: str = ""


class DossierCreateIn(In):
    procedure_code: str
    agency_code: str
    applicant: ApplicantIn | None = None  # default: from the account of the logged-in citizen
    form_data: dict[str, Any] = Field(default_factory=dict)
    summary: str = ""
    sets_count: int = 1
    documents: list[str] = Field(default_factory=list, description="requirement code of each uploaded file, in order")
    channel: int | None = Field(default=None, description="counter only: 1 in person, 3 postal")
    shown: list[str] = Field(
        default_factory=list,
        description="counter only: requirement codes of the papers shown for comparison that the officer saw",
    )
    from_store: dict[str, int] = Field(
        default_factory=dict,
        description="online only: requirement code -> id of an item of the applicant's data store "
        "(GET /datastore/items) taken instead of an upload",
    )


class ApplicantOut(Schema):
    type: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class CodeItemOut(Schema):
    code: str
    name: str


class DigitisationOut(Schema):
    """The digitisation (số hóa) of a paper document: its metadata, who digitised it and when."""

    document_type: str  # a code of the document-type list (catalogue.code_lists "document_type")
    document_type_name: str
    number: str
    issuing_body: str
    issued_on: Date
    valid_until: Date | None
    kind: Literal["scan", "certified_copy"]
    certified_by: str | None  # the certifying official's username (certified copies)
    digitised_by: str
    digitised_at: datetime
    sealed: bool  # whether the body's organisation signature was applied (not yet: the signing service)


class DigitisationIn(In):
    document_type: str = Field(max_length=40)
    number: str = Field(max_length=100)
    issuing_body: str = Field(max_length=300)
    issued_on: Date
    valid_until: Date | None = None
    kind: Literal["scan", "certified_copy"] = "scan"
    certified_by: str = Field(default="", max_length=150)


class StoredItemOut(Schema):
    id: int
    title: str
    document_code: str
    number: str
    issuing_body: str
    issued_on: Date | None
    valid_until: Date | None
    source: str
    source_dossier: str | None
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    requirement: str | None
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str
    # Officials only (null for applicants, and for a document not digitised).
    digitisation: DigitisationOut | None = None


class DossierSummary(Schema):
    code: str
    status: str
    status_label: str
    national_status: int
    procedure: Ref
    applicant_name: str
    handling_agency: Ref
    channel: int
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    timeliness: str


class WorklistStep(Schema):
    """An open step of the dossier's internal process waiting for the caller."""

    id: int
    name: str
    due_at: datetime


class WorklistItem(DossierSummary):
    """A row of an officials' work list."""

    handlers: list[str] = Field(
        description="Người xử lý: the open steps' assignees or the officials holding "
        "their role at their body, else the dossier's assignee (at most 3)"
    )
    more_handlers: int = Field(description="how many more officials hold the open step's role")
    my_steps: list[WorklistStep] = Field(
        description="the open steps waiting for the caller (assigned to them, or "
        "unassigned at their role and body), by due time"
    )
    returned_at: datetime | None
    closed_at: datetime | None


class DossierOut(DossierSummary):
    version: int
    receiving_agency: Ref
    applicant: ApplicantOut
    summary: str
    form_data: dict[str, Any]
    sets_count: int
    original_due_at: datetime | None
    extended_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    assignee: str | None
    decision_note: str
    supplement_count: int
    open_supplement_request: list[dict[str, str]] | None
    supplement_due_at: datetime | None = Field(
        description="hạn bổ sung: when the applicant should answer the open supplement request; null when no "
        "request is open or the province sets no deadline (MOTCUA_SUPPLEMENT_ANSWER_DAYS = 0)"
    )
    documents: list[DocumentOut]
    result: ResultRecordOut | None = Field(description="the issued result's number, date and signer")
    allowed_actions: list[str]


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    actor_name: str
    actor_role: str
    agency: Ref | None
    on_behalf_of: str
    channel: str
    from_status: str
    to_status: str
    note: str = Field(description="empty for an applicant when the note is internal")
    note_visibility: str = Field(description="applicant (the applicant may read the note) or internal")
    data: dict[str, Any]
    documents: list[int]


class SupplementItemIn(In):
    requirement: str = ""
    name: str
    reason: str


class ResultRecordIn(In):
    """The issued result as a document (checked by the service; each missing field is a 422 naming it)."""

    number: str = Field(default="", description="số, ký hiệu of the result document (required)")
    date: Date | None = Field(default=None, description="ngày ban hành: not after today, not before the approval")
    signer_name: str = Field(default="", description="người ký: full name (required)")
    signer_position: str = Field(default="", description="người ký: position, e.g. Chủ tịch UBND phường (required)")


class ResultRecordOut(Schema):
    number: str
    date: Date | None
    signer_name: str
    signer_position: str


class DossierActionIn(In):
    version: int | None = Field(default=None, description="the dossier version you saw; 409 if it changed")
    note: str = ""
    reasons: str = ""
    items: list[SupplementItemIn] = Field(default_factory=list)
    to_agency: str = ""
    assignee: str = ""
    new_due_at: datetime | None = None
    note_to_applicant: bool | None = Field(
        default=None,
        description="whether the applicant may read the note; omitted: the action's default. "
        "Reasons, supplement requests and the applicant's own notes are always shown",
    )
    result: ResultRecordIn | None = Field(default=None, description="issue_result: the result's number, date, signer")


# --- Internal process (quy trình nội bộ) -------------------------------------------------------
class StepOut(Schema):
    id: int
    name: str
    body: Ref | None = Field(description="the agency doing the step (null when the process names no known agency)")
    body_rule: str = Field(description="the body as the process names it: an agency code, {receiving} or {handling}")
    role: str
    role_label: str
    assignee: str | None
    assignee_name: str
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    finished_by: str | None
    outcome: str = Field(description="receive, done, approve, refuse, issue_result, return_result, cancelled")
    timeliness: str = Field(description="early, on_time or late once finished")
    state: str = Field(description="running, due_soon, overdue, done or cancelled")
    note: str
    can_refuse: bool
    can_request_supplement: bool
    yours: bool = Field(description="whether the caller holds the step's role at its body")


class MyStepOut(StepOut):
    dossier: str
    dossier_status: str
    procedure: Ref


class StepCompleteIn(In):
    outcome: Literal["done", "refuse"] = "done"
    note: str = Field(default="", description="the opinion handed over; for refuse, the reasons (required)")
    version: int | None = Field(default=None, description="the dossier version you saw; 409 if it changed")
    note_to_applicant: bool | None = Field(
        default=None,
        description="whether the applicant may read the note; omitted: the action's default. "
        "Reasons, supplement requests and the applicant's own notes are always shown",
    )
    result: ResultRecordIn | None = Field(
        default=None,
        description="a clerk's step after approval issues the result: its number, date and signer (required there)",
    )


class StepSendBackIn(In):
    reason: str = Field(description="why the head returns the dossier to the specialist (required)")
    version: int | None = Field(default=None, description="the dossier version you saw; 409 if it changed")


class StepAssignIn(In):
    assignee: str = Field(description="username of an active official holding the step's role at its body")


class TrackOut(Schema):
    """Public tracking: no personal data."""

    code: str
    status: str
    status_label: str
    national_status: int
    procedure: Ref
    handling_agency: Ref
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    timeliness: str


class AgencyOut(Schema):
    code: str
    name: str
    level: str


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    roles: list[dict[str, str]]


# --- Verification of signed documents (xác thực) -------------------------------------------------
class IssueOut(Schema):
    """A registered issue, as anyone may see it: what the document shows, no personal data."""

    kind: str
    kind_label: str
    dossier_code: str
    number: str
    issued_on: Date | None
    agency: str
    sha256: str
    revoked: bool
    revoked_at: datetime | None


class SignatureOut(Schema):
    field_name: str
    ok: bool
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    revocation_reason: str | None
    signer: str
    signer_common_name: str
    issuer: str
    chain: list[str]
    signing_time: datetime | None
    timestamp: datetime | None
    timestamp_trusted: bool
    ltv: bool
    coverage: str
    modification_level: str
    problem: str


class VerificationOut(Schema):
    """The check of an uploaded PDF: its signatures, its hash, and the registered issue (or null)."""

    sha256: str
    size: int
    signed: bool
    valid: bool
    signatures: list[SignatureOut]
    registered: bool
    issue: IssueOut | None
