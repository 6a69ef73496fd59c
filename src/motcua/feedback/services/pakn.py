"""The PAKN lifecycle (phản ánh, kiến nghị): submit, route, reject, ask for information, assign,
answer, publish — each in one transaction, with its history line, audit entry and notices.

States: received → (rejected | info_requested → received | in_progress) → answered → published.
Deadlines (Decision 766/QĐ-TTg service index, domain.md §10), in working days: reject an invalid
item ≤ 2, ask for more information ≤ 5, resolve ≤ 15, publish ≤ 2 after the answer. Each due time
is stored, and whether it was met once the step is taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from motcua.calendars.deadlines import ProcessingTime, classify, compute_due
from motcua.calendars.workcal import WorkingCalendar
from motcua.catalogue.models import Procedure
from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import InvalidTransition, PermissionDenied, ValidationError, not_found
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.uploads import CheckedFile, check_upload
from motcua.feedback import conf
from motcua.feedback.models import Category, Feedback, FeedbackAttachment, FeedbackEvent
from motcua.feedback.selectors import visible_feedback
from motcua.organisation.models import Agency, OfficialRole
from motcua.organisation.permissions import agencies_of, roles_at

S = Feedback.Status
PHONE_RE = re.compile(r"^\+?[0-9 .-]{8,15}$")


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    roles: frozenset[str]  # at the responsible body; "tthc_control" anywhere; empty: the citizen
    label: str


STEPS: dict[str, Step] = {
    "route": Step(frozenset({S.RECEIVED, S.IN_PROGRESS}), frozenset({"tthc_control"}), N_("Chuyển cơ quan xử lý")),
    "reject": Step(frozenset({S.RECEIVED}), frozenset({"reception", "specialist", "head"}), N_("Từ chối")),
    "request_info": Step(
        frozenset({S.RECEIVED}), frozenset({"reception", "specialist", "head"}), N_("Yêu cầu bổ sung thông tin")
    ),
    "provide_info": Step(frozenset({S.INFO_REQUESTED}), frozenset(), N_("Bổ sung thông tin")),
    "assign": Step(frozenset({S.RECEIVED, S.IN_PROGRESS}), frozenset({"reception", "head"}), N_("Phân công xử lý")),
    "answer": Step(frozenset({S.IN_PROGRESS}), frozenset({"specialist", "head"}), N_("Trả lời")),
    "publish": Step(frozenset({S.ANSWERED}), frozenset({"head"}), N_("Công khai kết quả")),
}


@dataclass(frozen=True)
class FeedbackInput:
    category: str
    subject: str
    title: str
    text: str
    procedure_code: str = ""
    dossier_code: str = ""
    official_name: str = ""
    service_name: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    latitude: Any = None
    longitude: Any = None
    address: str = ""
    media_url: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    channel_detail: str = ""


def due(start: datetime, working_days: int, cal: WorkingCalendar | None = None) -> datetime:
    """Return the close of the ``working_days``-th working day after ``start`` (Civil Code art. 147-148)."""
    return compute_due(
        start,
        ProcessingTime("working_days", Decimal(working_days)),
        cal or WorkingCalendar.load(),
        day_mode="end_of_day",
    )


def met(at: datetime, due_at: datetime | None) -> bool | None:
    return None if due_at is None else classify(at, due_at) != "late"


# --- Submission ---------------------------------------------------------------------------------


def submit_feedback(*, actor: Actor, data: FeedbackInput, files: Iterable[Any] = ()) -> Feedback:
    """Receive a feedback item from a logged-in citizen, or an anonymous one who leaves contact data.

    The item is routed at once when the body is known (the dossier's handling agency, else the one
    agency listed for the procedure); otherwise a TTHC-control officer routes it.
    """
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    clean = _clean_input(data, user)
    checked = _check_files(files)
    now = clock.now()
    cal = WorkingCalendar.load()
    written: list[str] = []
    try:
        with transaction.atomic():
            item = Feedback.objects.create(
                **clean,
                citizen=user,
                channel=actor.channel,
                status=S.RECEIVED,
                received_at=now,
                updated_at=now,
                reject_due_at=due(now, conf.REJECT_WORKING_DAYS, cal),
                info_due_at=due(now, conf.INFO_REQUEST_WORKING_DAYS, cal),
                resolve_due_at=due(now, conf.RESOLVE_WORKING_DAYS, cal),
            )
            written += _store_files(item, checked, now)
            _event(
                item,
                "submit",
                actor,
                "",
                S.RECEIVED,
                data={"agency": item.agency.code if item.agency else "", "attachments": len(checked)},
            )
            audit(
                actor=user,
                action="feedback.submit",
                obj=item,
                changes={
                    "category": item.category.code,
                    "agency": item.agency.code if item.agency else None,
                    "channel": item.channel,
                },
            )
            _notify(item, "feedback_received")
    except Exception:
        _delete_files(written)
        raise
    return item


# C901: one rule per field of the feedback form, in form order, each with its own message.
def _clean_input(data: FeedbackInput, user: Any) -> dict[str, Any]:  # noqa: C901
    category = Category.objects.filter(code=(data.category or "").strip(), active=True).first()
    if category is None:
        raise ValidationError(
            _("Vui lòng chọn lĩnh vực phản ánh."), code="unknown_category", details={"field": "category"}
        )
    if data.subject not in Feedback.Subject.values:
        raise ValidationError(
            _("Vui lòng chọn đối tượng phản ánh."), code="invalid_subject", details={"field": "subject"}
        )
    title = _text(data.title, "title", 200, _("Vui lòng nhập tiêu đề."))
    text = _text(data.text, "text", 10000, _("Vui lòng nhập nội dung phản ánh."))
    out: dict[str, Any] = {"category": category, "subject": data.subject, "title": title, "text": text}

    dossier = None
    if data.dossier_code.strip():
        # Only one's own dossier; anything else is reported as unknown, so existence does not leak.
        dossier = (
            Dossier.objects.select_related("procedure_version__procedure")
            .filter(code=data.dossier_code.strip().upper(), applicant__isnull=False)
            .first()
        )
        if dossier is None or user is None or dossier.applicant_id != user.pk:
            raise ValidationError(
                _("Không tìm thấy hồ sơ này trong các hồ sơ của bạn."),
                code="unknown_dossier",
                details={"field": "dossier_code"},
            )
    elif data.subject == Feedback.Subject.DOSSIER:
        raise ValidationError(_("Vui lòng nhập mã hồ sơ."), code="required", details={"field": "dossier_code"})
    procedure = None
    if data.procedure_code.strip():
        procedure = Procedure.objects.filter(code=data.procedure_code.strip()).first()
        if procedure is None:
            raise ValidationError(
                _("Không tìm thấy thủ tục."), code="unknown_procedure", details={"field": "procedure_code"}
            )
    elif dossier is not None:
        procedure = dossier.procedure_version.procedure
    elif data.subject == Feedback.Subject.PROCEDURE:
        raise ValidationError(_("Vui lòng chọn thủ tục."), code="required", details={"field": "procedure_code"})
    out.update(
        dossier=dossier,
        procedure=procedure,
        agency=_route_target(dossier, procedure),
        official_name=(data.official_name or "").strip()[:200],
        service_name=(data.service_name or "").strip()[:200],
    )
    if data.subject == Feedback.Subject.OFFICIAL and not out["official_name"]:
        raise ValidationError(
            _("Vui lòng nêu tên hoặc chức danh cán bộ."), code="required", details={"field": "official_name"}
        )
    if data.subject == Feedback.Subject.SERVICE and not out["service_name"]:
        raise ValidationError(_("Vui lòng nêu tên dịch vụ công."), code="required", details={"field": "service_name"})

    name = (data.contact_name or "").strip() or (getattr(user, "display_name", "") if user else "")
    email = (data.contact_email or "").strip() or (getattr(user, "email", "") if user else "")
    phone = (data.contact_phone or "").strip() or (getattr(user, "phone", "") if user else "")
    contact_address = (data.contact_address or "").strip() or (getattr(user, "address", "") if user else "")
    if len(contact_address) > 300:
        raise ValidationError(_("Địa chỉ quá dài."), code="too_long", details={"field": "contact_address"})
    if user is None and not (name and (email or phone)):
        raise ValidationError(
            _("Người gửi không đăng nhập cần để lại họ tên và thư điện tử hoặc số điện thoại."),
            code="contact_required",
            details={"field": "contact_name" if not name else "contact_email"},
        )
    if email:
        try:
            validate_email(email)
        except DjangoValidationError as exc:
            raise ValidationError(
                _("Thư điện tử không hợp lệ."), code="invalid_email", details={"field": "contact_email"}
            ) from exc
    if phone and not PHONE_RE.match(phone):
        raise ValidationError(
            _("Số điện thoại không hợp lệ."), code="invalid_phone", details={"field": "contact_phone"}
        )
    out.update(contact_name=name[:200], contact_email=email, contact_phone=phone, contact_address=contact_address)
    out.update(_clean_location(data))
    media = (data.media_url or "").strip()
    if media:
        try:
            URLValidator(schemes=["http", "https"])(media)
        except DjangoValidationError as exc:
            raise ValidationError(
                _("Đường dẫn ảnh không hợp lệ."), code="invalid_media_url", details={"field": "media_url"}
            ) from exc
        if len(media) > 500:
            raise ValidationError(_("Đường dẫn ảnh quá dài."), code="invalid_media_url", details={"field": "media_url"})
    out["media_url"] = media
    out["attributes"] = clean_attributes(category, data.attributes or {})
    out["channel_detail"] = (data.channel_detail or "")[:100]
    return out


def _text(value: str, name: str, limit: int, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(missing, code="required", details={"field": name})
    if len(text) > limit:
        raise ValidationError(
            _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit},
            code="too_long",
            details={"field": name, "max_length": limit},
        )
    return text


def _clean_location(data: FeedbackInput) -> dict[str, Any]:
    lat, lon = data.latitude, data.longitude
    address = (data.address or "").strip()
    if len(address) > 300:
        raise ValidationError(_("Địa chỉ quá dài."), code="too_long", details={"field": "address"})
    if lat in (None, "") and lon in (None, ""):
        return {"latitude": None, "longitude": None, "address": address}
    try:
        lat_d = Decimal(str(lat)).quantize(Decimal("0.000001"))
        lon_d = Decimal(str(lon)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            _("Tọa độ không hợp lệ."), code="invalid_location", details={"field": "latitude"}
        ) from exc
    if not (lat_d.is_finite() and lon_d.is_finite() and -90 <= lat_d <= 90 and -180 <= lon_d <= 180):
        raise ValidationError(_("Tọa độ không hợp lệ."), code="invalid_location", details={"field": "latitude"})
    return {"latitude": lat_d, "longitude": lon_d, "address": address}


def clean_attributes(category: Category, values: dict[str, Any]) -> dict[str, Any]:
    """Check ``values`` against the category's attribute definitions (Open311 service definition)."""
    specs = {a["code"]: a for a in category.attributes or []}
    unknown = set(values) - set(specs)
    if unknown:
        raise ValidationError(
            _("Thuộc tính không hợp lệ."), code="unknown_attribute", details={"attributes": sorted(unknown)}
        )
    out: dict[str, Any] = {}
    for code, spec in specs.items():
        value = values.get(code)
        empty = value in (None, "", [])
        if empty:
            if spec.get("required") and spec.get("variable", True):
                raise ValidationError(
                    _("Thiếu thông tin bắt buộc: %(name)s.") % {"name": spec.get("description", code)},
                    code="attribute_required",
                    details={"attribute": code},
                )
            continue
        keys = {str(v["key"]) for v in spec.get("values", [])}
        kind = spec.get("datatype", "string")
        if kind == "singlevaluelist":
            if isinstance(value, list) or str(value) not in keys:
                raise ValidationError(_("Giá trị không hợp lệ."), code="invalid_attribute", details={"attribute": code})
            out[code] = str(value)
        elif kind == "multivaluelist":
            items = [str(v) for v in (value if isinstance(value, list) else [value])]
            if not set(items) <= keys:
                raise ValidationError(_("Giá trị không hợp lệ."), code="invalid_attribute", details={"attribute": code})
            out[code] = items
        elif kind == "number":
            try:
                number = Decimal(str(value))
            except InvalidOperation as exc:
                raise ValidationError(
                    _("Giá trị không phải là số."), code="invalid_attribute", details={"attribute": code}
                ) from exc
            if not number.is_finite():
                raise ValidationError(
                    _("Giá trị không phải là số."), code="invalid_attribute", details={"attribute": code}
                )
            out[code] = str(number)
        else:
            text = str(value).strip()
            if len(text) > 2000:
                raise ValidationError(_("Giá trị quá dài."), code="invalid_attribute", details={"attribute": code})
            out[code] = text
    return out


def _route_target(dossier: Dossier | None, procedure: Procedure | None) -> Agency | None:
    if dossier is not None:
        return dossier.handling_agency
    if procedure is not None and procedure.current_version_id:
        agencies = list(Agency.objects.filter(procedure_versions=procedure.current_version_id)[:2])
        if len(agencies) == 1:
            return agencies[0]
    return None


def _check_files(files: Iterable[Any]) -> list[CheckedFile]:
    uploads = [f for f in files if f]
    if len(uploads) > conf.max_attachments():
        raise ValidationError(
            _("Chỉ được đính kèm tối đa %(n)s tệp.") % {"n": conf.max_attachments()},
            code="too_many_files",
            details={"field": "attachments"},
        )
    return [check_upload(f, field="attachments") for f in uploads]


def _store_files(item: Feedback, checked: list[CheckedFile], now: datetime) -> list[str]:
    names = []
    for f in checked:
        row = FeedbackAttachment(
            feedback=item,
            original_name=f.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            uploaded_at=now,
        )
        row.file.save(f.name, ContentFile(f.content), save=False)
        names.append(str(row.file.name))
        row.save()
    return names


def _delete_files(names: list[str]) -> None:
    for name in names:
        FeedbackAttachment.file.field.storage.delete(name)


# --- The steps ------------------------------------------------------------------------------------


def route(feedback_id: int, *, actor: Actor, agency_code: str, note: str = "") -> Feedback:
    """Send the item to the responsible body (TTHC-control officer); any assignment is dropped."""
    agency = Agency.objects.filter(code=(agency_code or "").strip()).first()
    if agency is None:
        raise ValidationError(_("Không tìm thấy cơ quan."), code="unknown_agency", details={"field": "agency"})

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        previous = item.agency.code if item.agency else ""
        item.agency = agency
        item.assignee = None
        item.status = S.RECEIVED
        return {"from_agency": previous, "to_agency": agency.code}

    return _step(feedback_id, "route", actor, change, note)


def reject(feedback_id: int, *, actor: Actor, reason: str) -> Feedback:
    """Refuse an invalid item, with the reason (≤ 2 working days after receipt)."""
    text = _text(reason, "reason", 5000, _("Phải nêu rõ lý do từ chối."))

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        item.status = S.REJECTED
        item.rejection_reason = text
        item.rejected_at = now
        item.reject_met = met(now, item.reject_due_at)
        return {"reject_met": item.reject_met}

    item = _step(feedback_id, "reject", actor, change, text)
    return item


def request_info(feedback_id: int, *, actor: Actor, question: str) -> Feedback:
    """Ask the citizen for more information (≤ 5 working days after receipt)."""
    text = _text(question, "question", 5000, _("Phải nêu rõ thông tin cần bổ sung."))

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        if item.citizen_id is None and not (item.contact_email or item.contact_phone):
            raise ValidationError(_("Không có cách liên hệ với người gửi."), code="no_contact")
        item.status = S.INFO_REQUESTED
        item.info_request = text
        item.info_requested_at = now
        item.info_met = met(now, item.info_due_at)
        return {"info_met": item.info_met}

    return _step(feedback_id, "request_info", actor, change, text)


def provide_info(feedback_id: int, *, actor: Actor, text: str) -> Feedback:
    """The citizen answers the request for information; the item is received again."""
    answer = _text(text, "text", 10000, _("Vui lòng nhập thông tin bổ sung."))

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        item.status = S.RECEIVED
        item.text = f"{item.text}\n\n[{_('Thông tin bổ sung')}] {answer}"
        if conf.restart_after_info():
            cal = WorkingCalendar.load()
            item.reject_due_at = due(now, conf.REJECT_WORKING_DAYS, cal)
            item.resolve_due_at = due(now, conf.RESOLVE_WORKING_DAYS, cal)
        return {"resolve_due_at": clock.utc_iso(item.resolve_due_at)}

    return _step(feedback_id, "provide_info", actor, change, answer)


def assign(feedback_id: int, *, actor: Actor, assignee_username: str, note: str = "") -> Feedback:
    """Give the item to an official of the responsible body; handling starts."""

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        official = OfficialRole.objects.filter(
            user__username=(assignee_username or "").strip(),
            agency=item.agency,
            active=True,
            role__in=["specialist", "head", "reception"],
        ).first()
        if official is None:
            raise ValidationError(
                _("Người được phân công phải là cán bộ của cơ quan chịu trách nhiệm."),
                code="invalid_assignee",
                details={"field": "assignee"},
            )
        item.assignee = official.user
        item.status = S.IN_PROGRESS
        return {"assignee": official.user.username}

    return _step(feedback_id, "assign", actor, change, note)


def answer(feedback_id: int, *, actor: Actor, text: str) -> Feedback:
    """Answer the item (≤ 15 working days after receipt); publication is due 2 working days later."""
    body = _text(text, "answer", 20000, _("Vui lòng nhập nội dung trả lời."))

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        roles = roles_at(actor.user, item.agency_id) if item.agency_id else set()
        if "head" not in roles and item.assignee_id != actor.user.pk:
            raise PermissionDenied(_("Chỉ người được phân công hoặc lãnh đạo mới được trả lời."), code="not_assignee")
        item.status = S.ANSWERED
        item.answer = body
        item.answered_at = now
        item.answered_by = actor.user
        item.resolve_met = met(now, item.resolve_due_at)
        item.publish_due_at = due(now, conf.PUBLISH_WORKING_DAYS)
        return {"resolve_met": item.resolve_met, "publish_due_at": clock.utc_iso(item.publish_due_at)}

    item = _step(feedback_id, "answer", actor, change, "")
    return item


def publish(feedback_id: int, *, actor: Actor, public_text: str = "") -> Feedback:
    """Publish the answer (≤ 2 working days after it); ``public_text`` is the question without personal data."""

    def change(item: Feedback, now: datetime) -> dict[str, Any]:
        text = (public_text or "").strip()
        if len(text) > 10000:
            raise ValidationError(_("Nội dung quá dài."), code="too_long", details={"field": "public_text"})
        item.public_text = text or item.text
        item.status = S.PUBLISHED
        item.published_at = now
        item.publish_met = met(now, item.publish_due_at)
        return {"publish_met": item.publish_met}

    return _step(feedback_id, "publish", actor, change, "")


def allowed_steps(user: Any, item: Feedback) -> list[str]:
    """Return the steps ``user`` may take on ``item`` now (for buttons; the services check again)."""
    if not getattr(user, "is_authenticated", False):
        return []
    names = []
    for name, step in STEPS.items():
        if item.status in step.sources and _may(user, item, step):
            names.append(name)
    return names


def _may(user: Any, item: Feedback, step: Step) -> bool:
    if not step.roles:
        return item.citizen_id is not None and item.citizen_id == user.pk
    if step.roles == {"tthc_control"}:
        return bool(agencies_of(user, {"tthc_control"}))
    return item.agency_id is not None and bool(roles_at(user, item.agency_id) & step.roles)


def _step(
    feedback_id: int, action: str, actor: Actor, change: Callable[[Feedback, datetime], dict[str, Any]], note: str
) -> Feedback:
    step = STEPS[action]
    user = actor.user
    with transaction.atomic():
        item = visible_feedback(user).select_for_update().filter(pk=feedback_id).first()
        if item is None:
            raise not_found("feedback")
        if not _may(user, item, step):
            raise PermissionDenied(
                _("Bạn không có quyền thực hiện thao tác này."), code="forbidden", details={"action": action}
            )
        if item.status not in step.sources:
            raise InvalidTransition(
                _("Không thể thực hiện “%(a)s” ở trạng thái hiện tại.") % {"a": _(step.label)},
                details={"action": action, "status": item.status},
            )
        now = clock.now()
        before = item.status
        data = change(item, now) or {}
        item.updated_at = now
        item.version += 1
        item.save()
        _event(item, action, actor, before, item.status, note=note, data=data)
        audit(
            actor=user,
            action=f"feedback.{action}",
            obj=item,
            changes={"status": [before, item.status], **{k: v for k, v in data.items()}},
        )
        if action == "answer":
            _notify(item, "feedback_answered")
    return item


def _event(
    item: Feedback,
    action: str,
    actor: Actor,
    before: str,
    after: str,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    name = actor.name if user is not None else (item.contact_name or _("Người gửi"))
    FeedbackEvent.objects.create(
        feedback=item,
        at=clock.now(),
        action=action,
        actor=user,
        actor_name=name[:200],
        channel=actor.channel,
        from_status=before,
        to_status=after,
        note=note,
        data=data or {},
    )


def _notify(item: Feedback, event: str) -> None:
    """Enqueue the "notify" contract message for the citizen (event feedback_received / feedback_answered)."""
    context = {
        "feedback_id": str(item.pk),
        "title": item.title,
        "status": str(item.get_status_display()),
        "url": f"{conf.public_url()}{reverse('feedback:mine_detail', args=[item.pk])}",
    }
    if event == "feedback_answered":
        context["answer"] = item.answer
    outbox.enqueue(
        topic="notify",
        key=f"feedback:{item.pk}:{event}",
        payload={
            "event": event,
            "dossier_id": item.dossier_id,
            "user_id": item.citizen_id,
            "email": item.contact_email,
            "phone": item.contact_phone,
            "context": context,
        },
    )
