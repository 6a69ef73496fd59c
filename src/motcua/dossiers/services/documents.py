"""Uploading files to an existing dossier: supplements, result documents, attachments.

An upload is written to the history at once; supplement and result files stay "pending" (no
event of their own) until the supplement or issue-result action attaches them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.models import DocumentRequirement
from motcua.core.actor import Actor
from motcua.core.errors import InvalidTransition, PermissionDenied, ValidationError
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services.submission import store_document
from motcua.dossiers.services.transitions import lock, record_event
from motcua.dossiers.services.uploads import check_upload
from motcua.dossiers.statuses import OPEN, Status
from motcua.organisation.permissions import roles_at

Kind = DossierDocument.Kind


def upload_document(dossier_id: int, *, actor: Actor, kind: str, upload: Any,
                    requirement_code: str = "") -> DossierDocument:
    """Check and attach one file to the dossier, recording the upload in its history."""
    if kind not in (Kind.SUPPLEMENT, Kind.RESULT, Kind.ATTACHMENT):
        raise ValidationError(_("Loại tài liệu không hợp lệ."), code="invalid_kind", details={"field": "kind"})
    checked = check_upload(upload)
    stored: DossierDocument | None = None
    try:
        with transaction.atomic():
            dossier = lock(dossier_id)
            role = _upload_role(actor, dossier, kind)
            requirement = None
            if requirement_code:
                requirement = DocumentRequirement.objects.filter(version=dossier.procedure_version_id,
                                                                 code=requirement_code).first()
                if requirement is None:
                    raise ValidationError(_("Thành phần hồ sơ không có trong thủ tục."), code="unknown_requirement",
                                          details={"field": "requirement"})
            stored = store_document(dossier, checked, kind=kind, user=actor.user, requirement=requirement)
            status = Status(dossier.status)
            record_event(dossier, action="upload", actor=actor, role=role, before=status, after=status,
                         data={"document": stored.pk, "kind": kind, "name": checked.name})
    except BaseException:
        if stored is not None:
            stored.file.storage.delete(stored.file.name or "")
        raise
    return stored


def _upload_role(actor: Actor, dossier: Dossier, kind: str) -> str:
    status = Status(dossier.status)
    user = actor.user
    if kind == Kind.SUPPLEMENT:
        if status != Status.SUPPLEMENT_REQUESTED:
            raise InvalidTransition(_("Hồ sơ không ở trạng thái yêu cầu bổ sung."), details={"status": status.value})
        if user is not None and dossier.applicant_id == user.pk:
            return "applicant"
        if "reception" in roles_at(user, dossier.receiving_agency_id):
            return "reception"
    elif kind == Kind.RESULT:
        if status != Status.APPROVED:
            raise InvalidTransition(_("Chỉ tải kết quả lên khi hồ sơ đã được phê duyệt."), details={"status": status.value})
        held = roles_at(user, dossier.handling_agency_id) & {"clerk", "head"}
        if held:
            return sorted(held)[0]
    else:
        if status not in OPEN:
            raise InvalidTransition(_("Hồ sơ đã kết thúc."), details={"status": status.value})
        held = roles_at(user, dossier.handling_agency_id) - {"admin", "tthc_control"}
        if held:
            return sorted(held)[0]
    raise PermissionDenied(_("Bạn không có quyền tải tài liệu lên hồ sơ này."))
