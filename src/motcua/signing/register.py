"""The register of issued signed documents (sổ văn bản đã ban hành): its services and the public check.

``record_issue`` is called in the transaction that issues the document (the result's issue,
``dossiers/services/result_signing.py``), so a file is registered exactly when it is given out.
``revoke`` (thu hồi) is for the head or the administrator of the issuing agency, audited.
``check_pdf`` and ``lookup`` answer anyone (the page ``/xac-thuc/`` and ``/api/v1/verification``):
the signatures of a file and whether its SHA-256 is in the register; or the registered issue of a
dossier code and a number. What they disclose (``public_issue``) is what the document itself
shows, without personal data: the agency, the number, the date, the state and the hash.
A module of its own beside ``services.py`` so that importing it does not load pyHanko.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import Conflict, NotFound, PayloadTooLarge, PermissionDenied, ValidationError
from motcua.organisation import permissions
from motcua.signing.errors import NotAPdf
from motcua.signing.models import IssuedDocument

if TYPE_CHECKING:
    from motcua.signing.services import VerificationReport

# The largest file the public check reads (bytes): results are a few pages.
MAX_PDF_BYTES = 10 * 1024 * 1024
REASON_LIMIT = 500


def record_issue(
    *,
    sha256: str,
    agency_id: int,
    dossier_code: str,
    number: str,
    issued_on: dt.date | None,
    dossier_id: int | None = None,
    document_id: int | None = None,
    kind: str = IssuedDocument.Kind.RESULT,
) -> IssuedDocument:
    """Register one issued file; call inside the transaction that issues it."""
    return IssuedDocument.objects.create(
        sha256=sha256,
        kind=kind,
        agency_id=agency_id,
        dossier_code=dossier_code,
        dossier_id=dossier_id,
        document_id=document_id,
        number=number,
        issued_on=issued_on,
        registered_at=clock.now(),
    )


def revoke(issued_id: int, *, actor: Actor, reason: str) -> IssuedDocument:
    """Thu hồi: mark an issued document revoked; the head or administrator of the issuing agency."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Vui lòng nhập lý do thu hồi."), code="required", details={"field": "reason"})
    if len(reason) > REASON_LIMIT:
        raise ValidationError(
            _("Tối đa %(n)s ký tự.") % {"n": REASON_LIMIT}, code="too_long", details={"field": "reason"}
        )
    with transaction.atomic():
        issued = IssuedDocument.objects.select_for_update().filter(pk=issued_id).first()
        if issued is None:
            raise NotFound(_("Không tìm thấy văn bản đã ban hành."), code="not_found")
        if not permissions.may(actor.user, "signing.revoke", issued.agency_id):
            raise PermissionDenied(_("Chỉ lãnh đạo hoặc quản trị của cơ quan ban hành được thu hồi văn bản."))
        if issued.revoked_at is not None:
            raise Conflict(_("Văn bản đã bị thu hồi trước đó."), code="already_revoked")
        issued.revoked_at = clock.now()
        issued.revoked_by = actor.user
        issued.revocation_reason = reason
        issued.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        audit(
            actor=actor.user,
            action="signing.revoke",
            obj=issued,
            changes={"reason": reason, "number": issued.number, "dossier": issued.dossier_code},
        )
    return issued


def lookup(code: str, number: str) -> IssuedDocument | None:
    """The registered issue of dossier ``code`` with ``number`` (both needed, so numbers cannot be listed)."""
    code, number = " ".join((code or "").split()).upper(), " ".join((number or "").split())
    if not code or not number:
        return None
    return (
        IssuedDocument.objects.select_related("agency")
        .filter(dossier_code=code, number=number)
        .order_by("-registered_at", "-pk")
        .first()
    )


def public_issue(issued: IssuedDocument) -> dict[str, Any]:
    """What anyone may learn of a registered issue: what the document itself shows, no personal data."""
    return {
        "kind": issued.kind,
        "kind_label": str(issued.get_kind_display()),
        "dossier_code": issued.dossier_code,
        "number": issued.number,
        "issued_on": issued.issued_on,
        "agency": issued.agency.name,
        "sha256": issued.sha256,
        "revoked": issued.revoked,
        "revoked_at": issued.revoked_at,
    }


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_PDF_BYTES // (1024 * 1024)},
        details={"max_bytes": MAX_PDF_BYTES},
    )


@dataclass(frozen=True)
class Check:
    """A file checked by anyone: its signatures, its hash, and its registered issue (or None)."""

    sha256: str
    size: int
    report: VerificationReport
    issued: IssuedDocument | None

    @property
    def registered(self) -> bool:
        return self.issued is not None


def check_pdf(data: bytes) -> Check:
    """Verify ``data`` and look its SHA-256 up in the register (``NotAPdf``, ``too_large``: 4xx).

    Anonymous input: no revocation data is fetched from addresses the file names (``fetch=False``);
    the system's results carry theirs (PAdES B-LT).
    """
    if len(data) > MAX_PDF_BYTES:
        raise too_large()
    if b"%PDF-" not in data[:1024]:
        raise NotAPdf("no %PDF- header")
    # Deferred cost: pyHanko takes about a second to import; the pages and the API load this module
    # at start-up, most processes never to verify (as dossiers/services/result_signing.py).
    from motcua.signing.services import verify_pdf

    try:
        report = verify_pdf(data, fetch=False)
    except NotAPdf:
        raise
    except Exception as exc:
        raise NotAPdf(f"{type(exc).__name__}") from exc
    digest = hashlib.sha256(data).hexdigest()
    issued = IssuedDocument.objects.select_related("agency").filter(sha256=digest).first()
    return Check(sha256=digest, size=len(data), report=report, issued=issued)
