"""Digitisation (số hóa) of the paper documents of a dossier at reception.

Decree 45/2020/NĐ-CP (procedures in the electronic environment) and Circular 01/2023/TT-VPCP: the
one-stop desk scans each paper document it receives and records what the paper is (type from the national
list, number, issuing body, date of issue, validity), so the scan can be reused; not needed for e-filed
dossiers, papers only shown, internal verification results or classified papers (domain.md §11; Circular
03/2025 art. 5). A scan becomes a valid electronic copy with the organisation signature of the body:
``request_organisation_seal``, with ``MOTCUA_SIGNING_SEAL_SCANS``. An electronic copy certified from the
original (bản sao điện tử chứng thực từ bản chính) follows the same path and names the certifying
official (Decree 23/2015/NĐ-CP; domain.md does not cover certification, so the reading awaits legal
review).

``check_metadata`` checks the input alone (the counter checks every paper before it writes anything);
``digitise`` checks the dossier and the actor, writes the record and its "digitise" history line in one
transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.code_lists import document_type_name
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
    not_found,
)
from motcua.dossiers import rules
from motcua.dossiers.models import Digitisation, Dossier, DossierDocument
from motcua.dossiers.services.transitions import lock, record_event
from motcua.dossiers.statuses import DIGITISE, Channel, Status
from motcua.organisation.permissions import roles_at
from motcua.signing import conf as signing_conf
from motcua.signing.errors import SigningUnavailable

log = logging.getLogger(__name__)

# The documents that are paper when the dossier came in on paper: the papers submitted and supplemented.
PAPER_KINDS = frozenset({DossierDocument.Kind.SUBMITTED, DossierDocument.Kind.SUPPLEMENT})
PAPER_CHANNELS = frozenset({Channel.IN_PERSON, Channel.POSTAL})


@dataclass(frozen=True)
class DigitisationInput:
    """What the official records of one paper (the metadata of the scan)."""

    document_type: str  # a code of catalogue.code_lists "document_type"
    number: str
    issuing_body: str
    issued_on: date | None
    valid_until: date | None = None
    kind: str = Digitisation.Kind.SCAN
    certified_by: str = ""  # username of the certifying official (certified copies only)


def check_metadata(data: DigitisationInput, *, today: date | None = None) -> DigitisationInput:
    """Return ``data`` trimmed, or raise ``ValidationError`` naming the field (``details["field"]``)."""
    today = today or clock.local_now().date()

    def bad(field: str, code: str, message: str) -> ValidationError:
        return ValidationError(message, code=code, details={"field": field})

    data = DigitisationInput(
        document_type=(data.document_type or "").strip(),
        number=(data.number or "").strip(),
        issuing_body=(data.issuing_body or "").strip(),
        issued_on=data.issued_on,
        valid_until=data.valid_until,
        kind=(data.kind or "").strip(),
        certified_by=(data.certified_by or "").strip(),
    )
    if not data.document_type:
        raise bad("document_type", "required", _("Vui lòng chọn loại giấy tờ."))
    if document_type_name(data.document_type) is None:
        raise bad("document_type", "unknown_document_type", _("Loại giấy tờ không có trong danh mục."))
    if not data.number:
        raise bad("number", "required", _("Vui lòng nhập số giấy tờ."))
    if len(data.number) > 100:
        raise bad("number", "too_long", _("Số giấy tờ dài quá 100 ký tự."))
    if not data.issuing_body:
        raise bad("issuing_body", "required", _("Vui lòng nhập cơ quan cấp."))
    if len(data.issuing_body) > 300:
        raise bad("issuing_body", "too_long", _("Tên cơ quan cấp dài quá 300 ký tự."))
    if data.issued_on is None:
        raise bad("issued_on", "required", _("Vui lòng nhập ngày cấp."))
    if data.issued_on > today:
        raise bad("issued_on", "future_date", _("Ngày cấp không được sau ngày hôm nay."))
    if data.valid_until is not None and data.valid_until < data.issued_on:
        raise bad("valid_until", "expiry_before_issue", _("Ngày hết giá trị không được trước ngày cấp."))
    if data.kind not in Digitisation.Kind.values:
        raise bad("kind", "invalid_kind", _("Hình thức số hóa không hợp lệ."))
    if data.kind == Digitisation.Kind.CERTIFIED_COPY and not data.certified_by:
        raise bad("certified_by", "certifier_required", _("Bản sao chứng thực cần có người chứng thực."))
    if data.kind == Digitisation.Kind.SCAN and data.certified_by:
        raise bad("certified_by", "certifier_not_allowed", _("Bản số hóa từ bản giấy không có người chứng thực."))
    return data


def digitise(document_id: int, data: DigitisationInput, *, actor: Actor) -> Digitisation:
    """Record the digitisation of the paper document ``document_id``; audited in the dossier's history.

    Refused: a document that is not a paper of a dossier received on paper (422), one already
    digitised or a dossier no longer open (409), an actor without the reception role at the
    receiving body (403). The certifying official of a certified copy is an official of that body.
    """
    data = check_metadata(data)
    dossier_id = DossierDocument.objects.filter(pk=document_id).values_list("dossier_id", flat=True).first()
    if dossier_id is None:
        raise not_found("document")
    with transaction.atomic():
        dossier = lock(dossier_id)
        document = DossierDocument.objects.select_for_update().get(pk=document_id)
        status = Status(dossier.status)
        role, refusal = refusal_of(actor.user, dossier, document)
        if refusal is not None:
            raise refusal
        certifier = _certifier(data.certified_by, dossier.receiving_agency_id)
        assert data.issued_on is not None  # check_metadata requires it
        now = clock.now()
        record = Digitisation.objects.create(
            document=document,
            document_type=data.document_type,
            number=data.number,
            issuing_body=data.issuing_body,
            issued_on=data.issued_on,
            valid_until=data.valid_until,
            kind=data.kind,
            certified_by=certifier,
            digitised_by=actor.user,
            digitised_at=now,
        )
        record_event(
            dossier,
            action="digitise",
            actor=actor,
            role=str(role),
            before=status,
            after=status,
            data={
                "document": document.pk,
                "name": document.original_name,
                "document_type": data.document_type,
                "number": data.number,
                "kind": data.kind,
                **({"certified_by": certifier.get_username()} if certifier else {}),
            },
        )
        request_organisation_seal(record)
    return record


def refusal_of(user: Any, dossier: Dossier, document: DossierDocument) -> tuple[str | None, DomainError | None]:
    """The role under which ``user`` digitises ``document`` of ``dossier``, or the error that refuses it:
    the role first (403), then the moment (409), the paper (422) and a record already there (409)."""
    role = rules.acting_role(DIGITISE, rules.standing(user, dossier))
    if role is None:
        return None, PermissionDenied(_("Chỉ cán bộ tiếp nhận của cơ quan tiếp nhận hồ sơ được số hóa giấy tờ."))
    status = Status(dossier.status)
    if status not in DIGITISE.sources:
        return role, InvalidTransition(_("Hồ sơ đã kết thúc, không số hóa thêm."), details={"status": status.value})
    if dossier.channel not in PAPER_CHANNELS:
        return role, ValidationError(
            _("Hồ sơ nộp trực tuyến đã là bản điện tử, không cần số hóa."),
            code="not_paper",
            details={"field": "document"},
        )
    if document.kind not in PAPER_KINDS:
        return role, ValidationError(
            _("Chỉ số hóa thành phần hồ sơ giấy đã nhận."), code="not_paper", details={"field": "document"}
        )
    if Digitisation.objects.filter(document=document).exists():
        return role, Conflict(
            _("Giấy tờ này đã được số hóa."), code="already_digitised", details={"document": document.pk}
        )
    return role, None


def _certifier(username: str, agency_id: int) -> Any:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not getattr(user, "is_official", False) or not roles_at(user, agency_id):
        raise ValidationError(
            _("Người chứng thực phải là cán bộ của cơ quan tiếp nhận hồ sơ."),
            code="invalid_certifier",
            details={"field": "certified_by"},
        )
    return user


def request_organisation_seal(record: Digitisation) -> None:
    """Sign the scan with the receiving body's organisation signature (``MOTCUA_SIGNING_SEAL_SCANS``).

    Decree 45/2020/NĐ-CP and Circular 01/2023/TT-VPCP (domain.md §11): a scan with the body's
    digital signature is a valid electronic copy (bản sao điện tử); the article numbers were not read
    offline (legal review). Called inside ``digitise``'s transaction (the dossier row
    locked): the TSA and the CRLs are reached over HTTP, each bounded by ``MOTCUA_SIGNING_TIMEOUT``.
    A PDF scan is signed as it is; a JPEG or PNG scan is first put on PDF pages (Pillow, one page
    per frame, at its resolution). The signed copy goes to ``record.sealed_file`` (0600) with
    ``sealed_at``; the paper's own file stays as scanned.

    When signing fails (key, TSA or CRL down, an unreadable file), the digitisation is still
    recorded, unsealed, and ``record.seal_problem`` says why (the pages show it); no file is
    written. A file written by a transaction that then rolls back is named by no row: the daily
    ``dossiers/stray_files.py`` clean-up removes it.
    Signing off: nothing happens (``seal_problem`` stays empty).
    """
    record.seal_problem = ""
    if not signing_conf.seal_scans():
        return
    document = record.document
    try:
        with document.file.open("rb") as f:
            data = bytes(f.read())
        pdf = scan_as_pdf(data, document.content_type)
        if pdf is None:
            record.seal_problem = _("Tệp quét không phải PDF hay ảnh JPEG, PNG: chưa ký số.")
            return
        dossier = document.dossier
        # Deferred: pyHanko takes about a second to load; most processes never sign (result_signing.py does the same).
        from motcua.signing import signers
        from motcua.signing.services import sign_pdf

        signed = sign_pdf(
            pdf,
            signer=signers.configured().signer("organisation"),
            kind="organisation",
            body=dossier.receiving_agency.name,
            extra_lines=[f"Bản sao điện tử, hồ sơ {dossier.code}"],
            reason=f"Số hóa {record.document_type} {record.number}",
        )
    except SigningUnavailable as exc:
        log.warning("digitisation %s not sealed: %s", record.pk, exc.details)
        record.seal_problem = _("Chưa ký số được bản số hóa: dịch vụ ký số không sẵn sàng.")
        return
    except ValidationError as exc:  # NotAPdf, a PDF without pages (bad_page)
        log.warning("digitisation %s not sealed: %s %s", record.pk, exc.code, exc.details)
        record.seal_problem = _("Tệp quét không đọc được như PDF: chưa ký số.")
        return
    field = record.sealed_file
    digest = hashlib.sha256(signed).hexdigest()
    name = field.storage.save(
        field.field.generate_filename(record, f"so-hoa-{record.pk}-{digest[:16]}-ky-so.pdf"), ContentFile(signed)
    )
    try:
        with contextlib.suppress(NotImplementedError):  # a storage without local paths keeps its own rules
            os.chmod(field.storage.path(name), 0o600)
        now = clock.now()
        Digitisation.objects.filter(pk=record.pk).update(sealed_file=name, sealed_at=now)
    except BaseException:
        field.storage.delete(name)
        raise
    record.sealed_file.name = name
    record.sealed_at = now


def scan_as_pdf(data: bytes, content_type: str) -> bytes | None:
    """The scan as PDF bytes: a PDF as it is, a JPEG/PNG image on PDF pages; None for any other file."""
    if content_type == "application/pdf" or data.startswith(b"%PDF-"):
        return data
    if content_type not in ("image/jpeg", "image/png"):
        return None
    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = image.info.get("dpi", (200, 200))[0] or 200
            pages = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out.getvalue()
