"""Submission of a dossier: online by the applicant, or at the counter / by post by an officer.

Everything is checked before anything is written; then the dossier, its code, its documents and
its first history lines are written in one transaction. Stored files of a failed transaction
are removed again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import EidLevel
from motcua.catalogue.documents import channel_of, document_errors
from motcua.catalogue.form_schema import required_applicant_fields, validate_form_data
from motcua.catalogue.models import DocumentRequirement, OnlineLevel, Procedure, ProcedureVersion
from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.errors import PermissionDenied, ValidationError
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.services import targets
from motcua.dossiers.services.applicants import ApplicantData, clean_applicant
from motcua.dossiers.services.codes import assign_code, provisional_code
from motcua.dossiers.services.reception import accept
from motcua.dossiers.services.transitions import record_event
from motcua.dossiers.services.uploads import CheckedFile, check_upload
from motcua.dossiers.statuses import Channel, Status
from motcua.organisation.models import Agency
from motcua.organisation.permissions import roles_at


@dataclass(frozen=True)
class SubmissionInput:
    procedure_code: str
    agency_code: str
    applicant: ApplicantData
    form_data: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    sets_count: int = 1
    shown: tuple[str, ...] = ()  # counter: papers shown for comparison that the officer ticked as seen


Files = Mapping[str, Sequence[Any]]  # requirement code -> uploaded files


def needs_higher_eid_level(procedure: Procedure, level: int) -> bool:
    """Whether an online filing of ``procedure`` by an applicant identified at ``level`` must be refused.

    A procedure can require a level-2 e-ID (định danh điện tử mức độ 2): under Decree 69/2024/NĐ-CP a
    level-2 account stands for showing the identity paper, so the catalogue may reserve a procedure's
    online channel to it (``Procedure.requires_eid_level2``). The counter is not concerned: the official
    sees the paper there.
    """
    return bool(procedure.requires_eid_level2) and int(level or 0) < EidLevel.LEVEL2


def check_eid_level(procedure: Procedure, level: int) -> None:
    """Raise ``eid_level_required`` when ``needs_higher_eid_level``; the one rule of every online channel."""
    if needs_higher_eid_level(procedure, level):
        raise PermissionDenied(
            _(
                "Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử mức độ 2 để nộp trực tuyến; "
                "bạn có thể nộp trực tiếp tại bộ phận một cửa."
            ),
            code="eid_level_required",
        )


def submit_online(*, actor: Actor, data: SubmissionInput, files: Files) -> Dossier:
    """File a dossier online (kênh trực tuyến) as the logged-in applicant; status "submitted" (1)."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Vui lòng đăng nhập để nộp hồ sơ trực tuyến."), code="not_authenticated")
    version, agency = _procedure_and_agency(data)
    if version.online_level == OnlineLevel.NONE:
        raise ValidationError(_("Thủ tục này không được nộp trực tuyến."), code="online_not_available")
    check_eid_level(version.procedure, getattr(user, "eid_level", 0))
    return _create(
        actor=actor,
        data=data,
        files=files,
        version=version,
        agency=agency,
        channel=Channel.ONLINE,
        receive=False,
        applicant_user=user,
    )


def submit_at_counter(
    *, actor: Actor, data: SubmissionInput, files: Files, channel: int = Channel.IN_PERSON, applicant_user: Any = None
) -> Dossier:
    """Receive a dossier at the counter or by post (Decree 61/2018 art. 16-17): submitted and received at once.

    Only a reception officer of the receiving agency may do this; the receipt (Mẫu 01) follows.
    """
    version, agency = _procedure_and_agency(data)
    if "reception" not in roles_at(actor.user, agency.pk):
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận của cơ quan này mới được tiếp nhận hồ sơ."))
    if channel not in (Channel.IN_PERSON, Channel.POSTAL):
        raise ValidationError(_("Kênh nộp không hợp lệ."), code="invalid_channel")
    return _create(
        actor=actor,
        data=data,
        files=files,
        version=version,
        agency=agency,
        channel=channel,
        receive=True,
        applicant_user=applicant_user,
    )


def submit_from_national_portal(*, actor: Actor, data: SubmissionInput, files: Files, vneid_verified: bool) -> Dossier:
    """File a dossier the national public service portal received (kênh trực tuyến), with the same checks.

    The system files it (``actor`` has no user: the applicant's account is the portal's); the dossier is
    "submitted" (1) and a reception officer receives it as any online filing (Decree 61/2018 art. 17;
    Decree 45/2020 art. 6: dossiers filed on the national portal are handled by the local system).
    ``vneid_verified`` is the portal's word that the account was verified with VNeID
    (``TaiKhoanDuocXacThucVoiVNeID``): it stands for level 2, anything else for no e-ID level.
    """
    if actor.user is not None:
        raise PermissionDenied(_("Chỉ hệ thống được nộp hồ sơ thay Cổng Dịch vụ công quốc gia."))
    version, agency = _procedure_and_agency(data)
    if version.online_level == OnlineLevel.NONE:
        raise ValidationError(_("Thủ tục này không được nộp trực tuyến."), code="online_not_available")
    if needs_higher_eid_level(version.procedure, EidLevel.LEVEL2 if vneid_verified else EidLevel.NONE):
        raise PermissionDenied(
            _(
                "Thủ tục này yêu cầu tài khoản định danh điện tử mức độ 2; tài khoản nộp hồ sơ trên "
                "Cổng Dịch vụ công quốc gia chưa được xác thực với VNeID."
            ),
            code="eid_level_required",
        )
    return _create(
        actor=actor,
        data=data,
        files=files,
        version=version,
        agency=agency,
        channel=Channel.ONLINE,
        receive=False,
        applicant_user=None,
    )


def _procedure_and_agency(data: SubmissionInput) -> tuple[ProcedureVersion, Agency]:
    found = targets.target(data.procedure_code)
    if found is None:
        raise ValidationError(
            _("Không tìm thấy thủ tục “%(code)s”.") % {"code": data.procedure_code},
            code="unknown_procedure",
            details={"field": "procedure_code"},
        )
    version = found.version
    agency = targets.agency_by_code(data.agency_code)
    if agency is None:
        raise ValidationError(
            _("Không tìm thấy cơ quan “%(code)s”.") % {"code": data.agency_code},
            code="unknown_agency",
            details={"field": "agency_code"},
        )
    if not can_receive(version, agency, listed=found.listed_agency_ids):
        raise ValidationError(
            _("Cơ quan “%(name)s” không giải quyết thủ tục này.") % {"name": agency.name},
            code="agency_not_competent",
            details={"field": "agency_code"},
        )
    return version, agency


def can_receive(version: ProcedureVersion, agency: Agency, *, listed: frozenset[int] | None = None) -> bool:
    """Whether ``agency`` is competent for ``version``: listed, or of its implementing level.

    ``listed``: the ids of the bodies the version lists, if already known.
    """
    today = clock.local_now().date()
    if agency.valid_to is not None and agency.valid_to < today:
        return False
    if listed is None:
        listed = frozenset(version.agencies.values_list("pk", flat=True))
    if listed:
        return agency.pk in listed
    return agency.level == version.implementing_level


def _check_documents(
    version: ProcedureVersion, applicant_type: str, files: Files, *, channel: int, shown: Sequence[str]
) -> list[tuple[DocumentRequirement, CheckedFile]]:
    """Check the papers by the catalogue's rule for the channel (catalogue.documents), then each file."""
    found = targets.target(version.procedure.code)  # the cached list, when it is of this version
    listed = found.requirements if found is not None and found.version.pk == version.pk else version.documents.all()
    requirements = {r.code: r for r in listed}
    errors = document_errors(
        requirements.values(),
        channel=channel_of(channel),
        applicant_type=applicant_type,
        uploaded=[code for code, uploads in files.items() if list(uploads)],
        shown=shown,
    )
    if errors:
        raise ValidationError(
            _("Thành phần hồ sơ chưa đầy đủ hoặc không hợp lệ."),
            code="invalid_documents",
            details={"documents": errors},
        )
    checked: list[tuple[DocumentRequirement, CheckedFile]] = []
    for code, req in requirements.items():
        for upload in files.get(code, []):
            checked.append((req, check_upload(upload, field=code)))
    return checked


def _create(
    *,
    actor: Actor,
    data: SubmissionInput,
    files: Files,
    version: ProcedureVersion,
    agency: Agency,
    channel: int,
    receive: bool,
    applicant_user: Any,
) -> Dossier:
    applicant = clean_applicant(data.applicant, required=required_applicant_fields(version.form_fields))
    if version.applicant_types and applicant.type not in version.applicant_types:
        raise ValidationError(
            _("Đối tượng này không thuộc diện thực hiện thủ tục."),
            code="applicant_type_not_allowed",
            details={"field": "applicant.type", "allowed": version.applicant_types},
        )
    form_data = validate_form_data(version.form_fields, data.form_data, applicant=applicant_values(applicant))
    documents = _check_documents(version, applicant.type, files, channel=channel, shown=data.shown)
    if not 1 <= data.sets_count <= 20:
        raise ValidationError(_("Số bộ hồ sơ không hợp lệ."), code="invalid_sets_count")
    stored: list[DossierDocument] = []
    try:
        with transaction.atomic():
            now = clock.now()
            dossier = Dossier(
                code=provisional_code(),
                procedure_version=version,
                field_id=version.procedure.field_id,
                receiving_agency=agency,
                handling_agency=agency,
                receiving_point=targets.receiving_point(agency),
                channel=channel,
                status=Status.SUBMITTED,
                applicant=applicant_user,
                applicant_type=applicant.type,
                applicant_name=applicant.name,
                applicant_name_folded=fold(applicant.name),
                applicant_id_number=applicant.id_number,
                applicant_phone=applicant.phone,
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                applicant_admin_unit=applicant.admin_unit,
                summary=(data.summary or version.name)[:500],
                form_data=form_data,
                sets_count=data.sets_count,
                submitted_at=now,
            )
            dossier.save()
            role = "reception" if receive else "applicant"
            submitted: dict[str, Any] = {"channel": channel}
            if data.shown:
                submitted["shown"] = sorted(set(data.shown))  # papers the officer saw (xuất trình để đối chiếu)
            event = record_event(
                dossier, action="submit", actor=actor, role=role, before=None, after=Status.SUBMITTED, data=submitted
            )
            for req, checked in documents:
                stored.append(
                    store_document(
                        dossier,
                        checked,
                        kind=DossierDocument.Kind.SUBMITTED,
                        requirement=req,
                        event=event,
                        user=actor.user,
                    )
                )
            last: DossierEvent = event
            if receive:
                reception_data = accept(dossier, officer=actor.user, now=now)
                dossier.version += 1
                dossier.save()
                last = record_event(
                    dossier,
                    action="receive",
                    actor=actor,
                    role="reception",
                    before=Status.SUBMITTED,
                    after=Status(dossier.status),
                    data=reception_data,
                )
            outbox.enqueue(
                topic="dossier.event",
                key=f"dossier-event:{last.pk}",
                payload={"dossier_id": dossier.pk, "event_id": last.pk, "action": last.action},
            )
            # Last: the per-agency, per-day counter row stays locked only until the commit below.
            assign_code(dossier, agency.code, now)
    except BaseException:
        for doc in stored:
            doc.file.storage.delete(doc.file.name or "")
        raise
    return dossier


def applicant_values(applicant: Any) -> dict[str, str]:
    """The applicant data a declaration field may be filled from (``form_schema`` ``source``)."""
    return {
        "name": applicant.name,
        "id_number": applicant.id_number,
        "phone": applicant.phone,
        "email": applicant.email,
        "address": applicant.address,
    }


def store_document(
    dossier: Dossier,
    checked: CheckedFile,
    *,
    kind: str,
    user: Any,
    requirement: DocumentRequirement | None = None,
    event: DossierEvent | None = None,
) -> DossierDocument:
    """Save a checked file as a document of ``dossier``. Only inside a dossier service's transaction."""
    doc = DossierDocument(
        dossier=dossier,
        requirement=requirement,
        event=event,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user if getattr(user, "pk", None) else None,
        uploaded_at=clock.now(),
    )
    doc.file.save(checked.name, ContentFile(checked.content), save=False)
    doc.save()
    return doc
