"""Dossiers filed on the national public service portal, pushed to us or pulled by us.

Each message is checked (well formed, ``MaTTHC`` a published procedure here, the body competent,
the applicant and form data and papers as for any online filing) and then either filed through the
submission service (``submit_from_national_portal``: channel online, the local code, status
"submitted", the normal lifecycle) with its national code kept in ``NationalLink``, or refused
with the reason; either way an ``Intake`` row records it. The message id makes it idempotent: the
same message again gets the same answer and files nothing. A file the portal links to that cannot
be downloaded is a temporary error: nothing is recorded, so the portal (or our next pull) retries.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.errors import DomainError
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import SubmissionInput, submit_from_national_portal
from motcua.national_portal.dvcqg import BAD_REQUEST, OK, REFUSED, SERVER_ERROR, mapping
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.dvcqg.plugin import client
from motcua.national_portal.models import Intake, NationalLink, PullCursor

log = logging.getLogger(__name__)
PORTAL = "Cổng Dịch vụ công quốc gia"
PORTAL_ACTOR = Actor(user=None, channel="system", on_behalf_of=PORTAL, note_visibility="applicant")


@dataclass(frozen=True)
class Answer:
    """What we answer the portal: ``error_code`` "0" for an accepted dossier, else the reason."""

    http_status: int
    body: dict[str, Any]


def answer_of(intake: Intake) -> Answer:
    """The answer to a recorded message (the same every time it comes again)."""
    if intake.outcome == Intake.Outcome.ACCEPTED and intake.dossier is not None:
        return Answer(
            200,
            {
                "error_code": OK,
                "message": "accepted",
                "MessageId": intake.message_id,
                "MaHoSo": intake.national_code,
                "MaHoSoDiaPhuong": intake.dossier.code,
            },
        )
    return Answer(
        422,
        {
            "error_code": REFUSED,
            "message": intake.reason,
            "MessageId": intake.message_id,
            "MaHoSo": intake.national_code,
            "details": intake.details,
        },
    )


def _record(message: dict[str, Any], *, source: str, outcome: str, reason: str = "", details: Any = None) -> Intake:
    hoso = message.get("HoSo") if isinstance(message.get("HoSo"), dict) else {}
    assert isinstance(hoso, dict)
    return Intake.objects.create(
        message_id=str(message["MessageId"])[:100],
        national_code=str(hoso.get("MaHoSo") or "")[:60],
        source=source,
        payload=message,
        outcome=outcome,
        reason=reason[:500],
        details=details if isinstance(details, dict) else {"details": details} if details else {},
        received_at=clock.now(),
    )


def _refuse(message: dict[str, Any], *, source: str, reason: str, details: Any = None) -> Answer:
    try:
        with transaction.atomic():
            intake = _record(message, source=source, outcome=Intake.Outcome.REFUSED, reason=reason, details=details)
    except IntegrityError:  # the same message, recorded by a concurrent delivery meanwhile
        intake = Intake.objects.select_related("dossier").get(message_id=str(message["MessageId"])[:100])
    log.info("national portal dossier refused: %s: %s", intake.message_id, reason)
    return answer_of(intake)


def _files(incoming: mapping.IncomingDossier) -> dict[str, list[Any]]:
    """Download the papers the message links to (the portal's store), by document code."""
    files: dict[str, list[Any]] = {}
    for f in incoming.files:
        content = client().file(f.link)
        upload = io.BytesIO(content)
        upload.name = f.name
        files.setdefault(f.requirement_code, []).append(upload)
    return files


def receive(message: Any, *, source: str = NationalLink.Source.PUSH) -> Answer:
    """Handle one dossier message ``{"MessageId", "HoSo"}``; idempotent by ``MessageId``."""
    if not isinstance(message, dict) or not str(message.get("MessageId") or "").strip():
        return Answer(400, {"error_code": BAD_REQUEST, "message": "MessageId and HoSo are required"})
    message_id = str(message["MessageId"]).strip()[:100]
    message["MessageId"] = message_id
    seen = Intake.objects.select_related("dossier").filter(message_id=message_id).first()
    if seen is not None:
        return answer_of(seen)
    hoso = message.get("HoSo")
    errors = mapping.intake_errors(hoso)
    if errors:
        return _refuse(message, source=source, reason=_("Thông điệp hồ sơ thiếu hoặc sai trường."), details=errors)
    assert isinstance(hoso, dict)
    incoming = mapping.intake_from(hoso)
    linked = NationalLink.objects.select_related("dossier").filter(national_code=incoming.national_code).first()
    if linked is not None:  # the same dossier in a new message: the dossier it became, not a second one
        with transaction.atomic():
            intake = _record(message, source=source, outcome=Intake.Outcome.ACCEPTED, reason="duplicate MaHoSo")
            intake.dossier = linked.dossier
            intake.save(update_fields=["dossier"])
        return answer_of(intake)
    try:
        files = _files(incoming)
    except PortalError as exc:
        return Answer(503, {"error_code": SERVER_ERROR, "message": str(exc.message), "MessageId": message_id})
    data = SubmissionInput(
        procedure_code=incoming.procedure_code,
        agency_code=incoming.agency_code,
        applicant=ApplicantData(
            type=incoming.applicant_type,
            name=incoming.name,
            id_number=incoming.id_number,
            phone=incoming.phone,
            email=incoming.email,
            address=incoming.address,
        ),
        form_data=incoming.form_data,
        summary=incoming.summary,
    )
    try:
        with transaction.atomic():
            dossier = submit_from_national_portal(
                actor=PORTAL_ACTOR, data=data, files=files, vneid_verified=incoming.vneid_verified
            )
            now = clock.now()
            NationalLink.objects.create(
                dossier=dossier, national_code=incoming.national_code, received_at=now, source=source
            )
            intake = _record(message, source=source, outcome=Intake.Outcome.ACCEPTED)
            intake.dossier = dossier
            intake.save(update_fields=["dossier"])
    except DomainError as exc:
        return _refuse(
            message, source=source, reason=str(exc.message), details={"code": exc.code, **_dict(exc.details)}
        )
    except IntegrityError:  # a concurrent delivery of the same message or dossier won: its answer
        seen = Intake.objects.select_related("dossier").filter(message_id=message_id).first()
        if seen is not None:
            return answer_of(seen)
        return Answer(503, {"error_code": SERVER_ERROR, "message": "try again", "MessageId": message_id})
    return answer_of(intake)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"details": value} if value else {}


# --- pull ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pulled:
    accepted: int
    refused: int
    retry: int
    cursor: str


def cursor_of(feed: str) -> str:
    row = PullCursor.objects.filter(feed=feed).first()
    return row.cursor if row is not None else ""


def save_cursor(feed: str, cursor: str) -> None:
    with transaction.atomic():
        PullCursor.objects.update_or_create(feed=feed, defaults={"cursor": cursor[:200], "pulled_at": clock.now()})


def pull() -> Pulled:
    """Ask the portal for the dossiers filed since our cursor and take each in; raises ``PortalError``.

    The cursor moves on only past the messages handled: one whose file could not be downloaded stops
    the pull there, so the next pull asks for it again.
    """
    answer = client().new_dossiers(cursor_of("dossiers"))
    items = answer.get("data")
    if not isinstance(items, list):
        raise PortalError(_("Cổng Dịch vụ công quốc gia trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
    accepted = refused = 0
    for item in items:
        result = receive(item, source=NationalLink.Source.PULL)
        if result.http_status >= 500:
            return Pulled(accepted, refused, len(items) - accepted - refused, cursor_of("dossiers"))
        if result.body.get("error_code") == OK:
            accepted += 1
        else:
            refused += 1
    cursor = str(answer.get("cursor") or cursor_of("dossiers"))
    save_cursor("dossiers", cursor)
    return Pulled(accepted, refused, 0, cursor)
