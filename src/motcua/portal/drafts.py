"""The portal's write path for drafts (hồ sơ nháp), and the step checks of the online submission.

Every function takes the acting user and refuses a draft that is not theirs (404, so existence
does not leak). Files are checked with ``dossiers.services.uploads.check_upload`` (size cap and
the type sniffed from the bytes) when they enter the draft, and again by ``submit_online``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.documents import ONLINE, Mode, document_errors, in_channel, mode_of
from motcua.catalogue.form_schema import asked_fields, required_applicant_fields, validate_form_data
from motcua.catalogue.models import DocumentRequirement, OnlineLevel, Procedure, ProcedureVersion
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import NotFound, PermissionDenied, ValidationError, not_found
from motcua.datastore.services import store as datastore
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.applicants import ApplicantData, clean_applicant
from motcua.dossiers.services.submission import SubmissionInput, can_receive, submit_online
from motcua.dossiers.services.uploads import check_upload
from motcua.organisation.models import Agency
from motcua.portal.conf import drafts_per_user
from motcua.portal.models import Draft, DraftFile, SubmittedDraft
from motcua.registers import services as registers_services

APPLICANT_KEYS = ("type", "name", "id_number", "phone", "email", "address")


def _require_citizen(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Vui lòng đăng nhập để nộp hồ sơ trực tuyến."), code="not_authenticated")
    if getattr(user, "is_official", False):
        raise PermissionDenied(_("Tài khoản cán bộ không nộp hồ sơ trên Cổng dịch vụ công."), code="official_account")


def get_draft(user: Any, draft_id: int) -> Draft:
    """Return the draft ``draft_id`` of ``user``; raise 404 for anyone else's."""
    draft = (
        Draft.objects.select_related("procedure_version__procedure", "agency")
        .filter(pk=draft_id, owner_id=getattr(user, "pk", None))
        .first()
    )
    if draft is None:
        raise not_found("draft")
    return draft


def online_version(procedure: Procedure) -> ProcedureVersion:
    """Return the current version of ``procedure`` if it can be filed online; otherwise raise."""
    version = procedure.current_version
    if version is None or not procedure.active:
        raise not_found("procedure")
    if version.online_level == OnlineLevel.NONE:
        raise ValidationError(_("Thủ tục này không được nộp trực tuyến."), code="online_not_available")
    return version


def applicable_documents(version: ProcedureVersion, applicant_type: str) -> list[DocumentRequirement]:
    """Return the documents that an applicant of ``applicant_type`` uploads online (catalogue.documents)."""
    return in_channel(version.documents.all(), ONLINE, applicant_type, Mode.UPLOAD)


def documents_not_uploaded(version: ProcedureVersion, applicant_type: str) -> list[DocumentRequirement]:
    """Return the papers that online count without a file: the e-form's declaration, papers only shown."""
    return in_channel(version.documents.all(), ONLINE, applicant_type, Mode.EFORM, Mode.SHOW)


# --- step checks (no writes) -------------------------------------------------------------------


def check_applicant(version: ProcedureVersion, agency_code: str, applicant: dict[str, str]) -> Agency:
    """Check step 1: the agency is competent and the applicant's data is valid. Return the agency."""
    errors: dict[str, str] = {}
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if agency is None or not can_receive(version, agency):
        errors["agency_code"] = _("Vui lòng chọn cơ quan tiếp nhận hồ sơ.")
    if version.applicant_types and applicant.get("type") not in version.applicant_types:
        errors["type"] = _("Đối tượng này không thuộc diện thực hiện thủ tục.")
    try:
        clean_applicant(
            ApplicantData(**{k: applicant.get(k, "") for k in APPLICANT_KEYS}),
            required=required_applicant_fields(version.form_fields),
        )
    except ValidationError as exc:
        errors.update({k: str(v) for k, v in exc.details.get("fields", {}).items() if k not in errors})
    if errors or agency is None:
        raise ValidationError(
            _("Thông tin chủ hồ sơ chưa hợp lệ."), code="invalid_applicant", details={"fields": errors}
        )
    return agency


def check_documents(draft: Draft) -> None:
    """Check step 3 by the submission's rule: every required upload that applies has a file in the draft."""
    have = set(draft.files.values_list("requirement_code", flat=True))
    errors = document_errors(
        draft.procedure_version.documents.all(),
        channel=ONLINE,
        applicant_type=draft.applicant.get("type", ""),
        uploaded=have,
    )
    if errors:
        raise ValidationError(
            _("Thành phần hồ sơ chưa đầy đủ hoặc không hợp lệ."),
            code="invalid_documents",
            details={"documents": errors},
        )


# --- writes -------------------------------------------------------------------------------------


def draft_start(*, user: Any, version: ProcedureVersion, agency_code: str, applicant: dict[str, str]) -> Draft:
    """Check step 1 and create the draft at step 2."""
    _require_citizen(user)
    agency = check_applicant(version, agency_code, applicant)
    if Draft.objects.filter(owner=user).count() >= drafts_per_user():
        raise ValidationError(
            _("Bạn đã có quá nhiều hồ sơ nháp. Vui lòng nộp hoặc xóa bớt bản nháp cũ."), code="too_many_drafts"
        )
    now = clock.now()
    return Draft.objects.create(
        owner=user,
        procedure_version=version,
        step=2,
        agency=agency,
        applicant={k: applicant.get(k, "") for k in APPLICANT_KEYS},
        created_at=now,
        updated_at=now,
    )


def draft_save_applicant(draft: Draft, *, user: Any, agency_code: str, applicant: dict[str, str]) -> Draft:
    """Check and save step 1 of an existing draft."""
    draft = get_draft(user, draft.pk)
    draft.agency = check_applicant(draft.procedure_version, agency_code, applicant)
    draft.applicant = {k: applicant.get(k, "") for k in APPLICANT_KEYS}
    return _advance(draft, 2)


def draft_save_form(draft: Draft, *, user: Any, form_data: dict[str, Any], check: bool = True) -> Draft:
    """Save step 2 (the declaration) as entered; with ``check``, validate it first and move on."""
    draft = get_draft(user, draft.pk)
    known = {spec["name"] for spec in asked_fields(draft.procedure_version.form_fields)}
    raw = {k: v for k, v in form_data.items() if k in known}
    draft.form_data = raw
    if not check:
        draft.updated_at = clock.now()
        draft.save(update_fields=["form_data", "updated_at"])
        return draft
    try:
        validate_form_data(draft.procedure_version.form_fields, raw)
    except ValidationError:
        draft.updated_at = clock.now()
        draft.save(update_fields=["form_data", "updated_at"])  # keep what was typed, even when invalid
        raise
    return _advance(draft, 3)


def draft_attach(draft: Draft, *, user: Any, requirement_code: str, upload: Any) -> DraftFile:
    """Check ``upload`` and keep it as the draft's file for ``requirement_code`` (replacing an older one)."""
    draft = get_draft(user, draft.pk)
    requirement = draft.procedure_version.documents.filter(code=requirement_code).first()
    if requirement is None:
        raise ValidationError(
            _("Thành phần hồ sơ không có trong thủ tục."),
            code="unknown_requirement",
            details={"field": requirement_code},
        )
    if mode_of(requirement, ONLINE) != Mode.UPLOAD:
        raise ValidationError(
            _("Thành phần hồ sơ này không tải tệp lên khi nộp trực tuyến."),
            code="not_an_upload",
            details={"field": requirement_code},
        )
    checked = check_upload(upload, field=requirement_code)
    old_names: list[str] = []
    with transaction.atomic():
        for old in DraftFile.objects.select_for_update().filter(draft=draft, requirement_code=requirement_code):
            old_names.append(old.file.name or "")
            old.delete()
        item = DraftFile(
            draft=draft,
            requirement_code=requirement_code,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_at=clock.now(),
        )
        item.file.save(checked.name, ContentFile(checked.content), save=False)
        try:
            item.save()
            draft.updated_at = clock.now()
            draft.save(update_fields=["updated_at"])
        except BaseException:
            item.file.storage.delete(item.file.name or "")
            raise
        transaction.on_commit(partial(_delete_files, item.file.storage, old_names))
        datastore.forget_pick(actor=Actor(user=user), draft_id=draft.pk, requirement_code=requirement_code)
    return item


def draft_take_from_store(draft: Draft, *, user: Any, requirement_code: str, item_id: int) -> DraftFile:
    """Lấy từ kho dữ liệu: copy the owner's stored item into the draft for ``requirement_code`` and remember
    the pick, so the submission records the reuse (``datastore.services.store.reuse_from_draft``)."""
    draft = get_draft(user, draft.pk)
    item = datastore.check_pick(user, requirement_code, item_id)
    attached = draft_attach(draft, user=user, requirement_code=requirement_code, upload=datastore.as_upload(item))
    datastore.pick_for_draft(
        actor=Actor(user=user, channel="web"), draft_id=draft.pk, requirement_code=requirement_code, item_id=item.pk
    )
    return attached


def draft_remove_file(draft: Draft, *, user: Any, requirement_code: str) -> None:
    draft = get_draft(user, draft.pk)
    with transaction.atomic():
        datastore.forget_pick(actor=Actor(user=user), draft_id=draft.pk, requirement_code=requirement_code)
        for item in DraftFile.objects.filter(draft=draft, requirement_code=requirement_code):
            name, storage = item.file.name or "", item.file.storage
            item.delete()
            transaction.on_commit(partial(_delete_files, storage, [name]))


def draft_documents_done(draft: Draft, *, user: Any) -> Draft:
    """Check step 3 and move on to the review."""
    draft = get_draft(user, draft.pk)
    check_documents(draft)
    return _advance(draft, 4)


def draft_delete(draft: Draft, *, user: Any) -> None:
    """Delete the draft and, after commit, its files."""
    draft = get_draft(user, draft.pk)
    with transaction.atomic():
        _delete(draft)


def submitted_dossier(user: Any, draft_id: int) -> Dossier | None:
    """Return the dossier that ``user``'s draft ``draft_id`` became, or None (not submitted, or not theirs)."""
    row = (
        SubmittedDraft.objects.select_related("dossier")
        .filter(draft_id=draft_id, owner_id=getattr(user, "pk", None))
        .first()
    )
    return row.dossier if row is not None else None


def submit_draft(draft: Draft, *, user: Any) -> Dossier:
    """File the draft with ``submit_online``; delete the draft in the same transaction, only on success.

    The draft row is locked first, so a second submission of the same draft (another tab, Back and
    "Nộp hồ sơ" again) waits for the first and then returns the dossier it made: one dossier per
    draft. Raise the service's ``ValidationError`` (details ``fields`` / ``documents`` / ``field``)
    unchanged, so the page can show each message next to its field; the draft then stays.
    """
    _require_citizen(user)
    earlier = submitted_dossier(user, draft.pk)
    if earlier is not None:
        return earlier
    try:
        draft = get_draft(user, draft.pk)
    except NotFound:
        earlier = submitted_dossier(user, draft.pk)  # the other tab's submission committed just now
        if earlier is None:
            raise
        return earlier
    if draft.agency is None:
        raise ValidationError(
            _("Vui lòng chọn cơ quan tiếp nhận hồ sơ."),
            code="invalid_applicant",
            details={"fields": {"agency_code": _("Vui lòng chọn cơ quan tiếp nhận hồ sơ.")}},
        )
    data = SubmissionInput(
        procedure_code=draft.procedure_version.procedure.code,
        agency_code=draft.agency.code,
        applicant=ApplicantData(**{k: str(draft.applicant.get(k, "")) for k in APPLICANT_KEYS}),
        form_data=dict(draft.form_data),
    )
    with transaction.atomic():
        if not Draft.objects.select_for_update().filter(pk=draft.pk, owner_id=user.pk).exists():
            earlier = submitted_dossier(user, draft.pk)  # submitted meanwhile, by the same person
            if earlier is None:
                raise not_found("draft")
            return earlier
        files: dict[str, list[Any]] = {}
        uploads = {r.code for r in draft.procedure_version.documents.all() if mode_of(r, ONLINE) == Mode.UPLOAD}
        for item in draft.files.all():
            if item.requirement_code not in uploads:
                continue  # kept from before the catalogue said the paper is not an upload online
            with item.file.open("rb") as fh:
                files.setdefault(item.requirement_code, []).append(ContentFile(fh.read(), name=item.original_name))
        dossier = submit_online(actor=Actor(user=user, channel="web"), data=data, files=files)
        registers_services.attach_verified(dossier, actor=user, draft_id=draft.pk)  # fields prefilled, unchanged
        datastore.reuse_from_draft(dossier, actor=Actor(user=user, channel="web"), draft_id=draft.pk)  # from the store
        SubmittedDraft.objects.create(draft_id=draft.pk, owner=user, dossier=dossier, submitted_at=clock.now())
        _delete(draft)
    return dossier


def _advance(draft: Draft, step: int) -> Draft:
    draft.step = max(draft.step, step)
    draft.updated_at = clock.now()
    draft.save()
    return draft


def _delete(draft: Draft) -> None:
    files = list(draft.files.all())
    draft.delete()
    for item in files:
        transaction.on_commit(partial(_delete_files, item.file.storage, [item.file.name or ""]))


def _delete_files(storage: Storage, names: list[str]) -> None:
    """Remove stored files once the rows that named them are gone (after commit)."""
    for name in names:
        if name:
            storage.delete(name)
