"""Uploading files to an existing dossier: supplements, result documents, attachments.

An upload is written to the history at once; supplement and result files stay "pending" (no
event of their own) until the supplement or issue-result action attaches them. An action that
brings its files along (``uploading``) stores them in the action's own transaction, so the files,
their history lines and the action commit together or not at all; the files a rolled-back
transaction wrote are deleted from the storage again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import DocumentRequirement
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationError
from motcua.dossiers import rules
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services.submission import store_document
from motcua.dossiers.services.transitions import lock, record_event
from motcua.dossiers.services.uploads import CheckedFile, check_upload
from motcua.dossiers.statuses import UPLOADS, Status

Kind = DossierDocument.Kind


def upload_document(
    dossier_id: int, *, actor: Actor, kind: str, upload: Any, requirement_code: str = ""
) -> DossierDocument:
    """Check and attach one file to the dossier, recording the upload in its history."""
    if kind not in (Kind.SUPPLEMENT, Kind.RESULT, Kind.ATTACHMENT):
        raise ValidationError(_("Loại tài liệu không hợp lệ."), code="invalid_kind", details={"field": "kind"})
    checked = check_upload(upload)
    with _deleted_on_failure() as stored, transaction.atomic():
        return _attach(lock(dossier_id), actor, kind, checked, requirement_code, stored)


@contextmanager
def uploading(
    dossier_id: int, *, actor: Actor, kind: str, files: Sequence[Any] = (), version: int | None = None
) -> Iterator[None]:
    """Open the transaction of an action that brings files: store ``files`` (each checked and
    recorded as an upload, as ``upload_document`` does), then run the block (the transition) in
    the same transaction. A failure anywhere rolls back everything and deletes the files stored.

    With files, the dossier is locked and ``version`` checked before the first one is stored.
    """
    with _deleted_on_failure() as stored, transaction.atomic():
        if files:
            dossier = lock(dossier_id)
            if version is not None and dossier.version != version:
                raise Conflict(
                    _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại."),
                    code="version_conflict",
                    details={"expected_version": version, "version": dossier.version},
                )
            for upload in files:
                _attach(dossier, actor, kind, check_upload(upload), "", stored)
        yield


@contextmanager
def _deleted_on_failure() -> Iterator[list[DossierDocument]]:
    """Collect the documents stored inside the block; delete their files if the block fails."""
    stored: list[DossierDocument] = []
    try:
        yield stored
    except BaseException:
        for doc in stored:
            doc.file.storage.delete(doc.file.name or "")
        raise


def _attach(
    dossier: Dossier,
    actor: Actor,
    kind: str,
    checked: CheckedFile,
    requirement_code: str,
    stored: list[DossierDocument],
) -> DossierDocument:
    """Store one checked file on the locked ``dossier`` and write its upload line."""
    role = _upload_role(actor, dossier, kind)
    requirement = None
    if requirement_code:
        requirement = DocumentRequirement.objects.filter(
            version=dossier.procedure_version_id, code=requirement_code
        ).first()
        if requirement is None:
            raise ValidationError(
                _("Thành phần hồ sơ không có trong thủ tục."),
                code="unknown_requirement",
                details={"field": "requirement"},
            )
    doc = store_document(dossier, checked, kind=kind, user=actor.user, requirement=requirement)
    stored.append(doc)
    status = Status(dossier.status)
    record_event(
        dossier,
        action="upload",
        actor=actor,
        role=role,
        before=status,
        after=status,
        data={"document": doc.pk, "kind": kind, "name": checked.name},
    )
    return doc


# Why an upload of each kind is refused in the dossier's status (the entry's sources say when it is allowed).
_WRONG_MOMENT: dict[str, Any] = {
    Kind.SUPPLEMENT: gettext_lazy("Hồ sơ không ở trạng thái yêu cầu bổ sung."),
    Kind.RESULT: gettext_lazy("Chỉ tải kết quả lên khi hồ sơ đã được phê duyệt."),
    Kind.ATTACHMENT: gettext_lazy("Hồ sơ đã kết thúc."),
}


def _upload_role(actor: Actor, dossier: Dossier, kind: str) -> str:
    """The role under which ``actor`` uploads a file of ``kind``: the upload's entry of the table
    (``statuses.UPLOADS``) read by ``rules.acting_role``; the moment is checked first (409), then the role (403)."""
    spec = UPLOADS[kind]
    status = Status(dossier.status)
    if status not in spec.sources:
        raise InvalidTransition(str(_WRONG_MOMENT[kind]), details={"status": status.value})
    who = rules.standing(actor.user, dossier)
    role = rules.acting_role(spec, who)
    if role is None and spec.roles:
        # An official holding an open step of the running process (possibly at another body) uploads for it.
        from motcua.processes.selectors import held_step_roles

        role = rules.acting_role(spec, replace(who, steps=held_step_roles(actor.user, dossier)))
    if role is None:
        raise PermissionDenied(_("Bạn không có quyền tải tài liệu lên hồ sơ này."))
    return role
