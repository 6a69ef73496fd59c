"""The one write path of register lookups: consents, lookups, and the fields they verified.

Decree 13/2023/NĐ-CP on personal data protection: a lookup of a person's data in the population
database needs that person's consent (art. 11: for a stated purpose, recorded, withdrawable,
art. 12), and every processing is logged (art. 27). So:

- a citizen looks up only their own personal ID, under a consent they gave (``give_consent``);
- an official at the counter looks up the applicant's ID for a dossier, confirming that the
  applicant consented there (the checkbox); the consent is recorded with the official's name;
- each lookup (found, not found, register unreachable) is a ``Lookup`` row written with its
  audit line in one transaction; the key is kept as an HMAC and a masked hint only.

The gateway call happens outside any transaction of ours (it logs itself: ``exchange.log``).
The business and land registers hold no data the Decree protects by consent (business data is
public, Decree 01/2021 art. 54; land data is used by agencies for procedures, Land Law 2024 art.
165), so their lookups are logged but need no consent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from motcua.catalogue.form_schema import choice_names, register_source
from motcua.core import clock
from motcua.core.audit import audit
from motcua.core.dates import parse_date
from motcua.core.errors import NotFound, PermissionDenied, ValidationError
from motcua.organisation.permissions import agencies_of
from motcua.registers.base import RegisterError
from motcua.registers.clients import NAMES, client
from motcua.registers.models import Consent, Lookup, Verification

PURPOSE_LIMIT = 300


@dataclass(frozen=True)
class Result:
    """What a lookup gave: ``ok`` with the register's values and the form fields they fill, else a message."""

    lookup_id: int
    outcome: str
    message: str = ""
    code: str = ""
    values: dict[str, str] = field(default_factory=dict)
    prefill: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome == Lookup.Outcome.OK


def subject_digest(key: str) -> str:
    return salted_hmac("motcua.registers.subject", key, algorithm="sha256").hexdigest()


def subject_hint(register: str, key: str) -> str:
    """The key as the log shows it: a personal ID masked but for its first and last three digits."""
    if register == "population" and len(key) > 6:
        return key[:3] + "•" * (len(key) - 6) + key[-3:]
    return key[:40]


def canonical(spec: dict[str, Any], value: Any) -> str:
    """A form value as a register value compares with it (dates ISO, numbers plain, text stripped)."""
    text = str(value if value is not None else "").strip()
    if spec.get("type") == "date":
        day = parse_date(text)
        return day.isoformat() if day else text
    if spec.get("type") == "number":
        try:
            return format(Decimal(text.replace(",", ".")).normalize(), "f")
        except InvalidOperation:
            return text
    return text


def value_digest(spec: dict[str, Any], value: Any) -> str:
    return salted_hmac(
        "motcua.registers.value", f"{spec['name']}\x00{canonical(spec, value)}", algorithm="sha256"
    ).hexdigest()


def consent_text(register: str, purpose: str) -> str:
    """What the consent checkbox says: which data, from where, why (Decree 13/2023 art. 11 para. 2)."""
    if register == "population":
        return _(
            "Tôi đồng ý để hệ thống tra cứu họ tên, ngày sinh, giới tính, nơi thường trú và thông tin hộ gia đình "
            "của tôi trong Cơ sở dữ liệu quốc gia về dân cư, chỉ để điền sẵn tờ khai của %(purpose)s "
            "(Nghị định 13/2023/NĐ-CP, Điều 11). Tôi có thể rút lại sự đồng ý tại trang Tài khoản."
        ) % {"purpose": purpose}
    return _("Tra cứu %(register)s để điền sẵn tờ khai của %(purpose)s.") % {
        "register": client(register).title,
        "purpose": purpose,
    }


def _is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_official", False)


def _check_purpose(purpose: str) -> str:
    purpose = " ".join(str(purpose).split())[:PURPOSE_LIMIT]
    if not purpose:
        raise ValidationError(_("Cần nêu mục đích tra cứu."), code="purpose_required")
    return purpose


def active_consent(citizen: Any, register: str, purpose: str) -> Consent | None:
    if not _is_citizen(citizen):
        return None
    return (
        Consent.objects.filter(citizen_id=citizen.pk, register=register, purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-given_at", "-id")
        .first()
    )


def give_consent(*, citizen: Any, register: str, purpose: str) -> Consent:
    """Record the citizen's consent to look up their own data in ``register`` for ``purpose`` (art. 11).

    An active consent of the same register and purpose is returned as it is (no second row).
    """
    if not _is_citizen(citizen):
        raise PermissionDenied(_("Chỉ công dân mới tự đồng ý tra cứu thông tin của mình."), code="not_citizen")
    if register not in NAMES:
        raise ValidationError(_("Không có cơ sở dữ liệu này."), code="unknown_register")
    purpose = _check_purpose(purpose)
    with transaction.atomic():
        existing = active_consent(citizen, register, purpose)
        if existing is not None:
            return existing
        consent = Consent.objects.create(
            citizen=citizen,
            subject_hash=subject_digest(citizen.personal_id or ""),
            register=register,
            purpose=purpose,
            channel=Consent.Channel.PORTAL,
            given_at=clock.now(),
        )
        audit(
            actor=citizen,
            action="register.consent.give",
            obj=consent,
            changes={"register": register, "purpose": purpose},
        )
    return consent


def withdraw_consent(consent_id: int, *, citizen: Any) -> Consent:
    """Withdraw one of the citizen's consents (Decree 13/2023 art. 12); later lookups need a new one."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update().filter(pk=consent_id, citizen_id=getattr(citizen, "pk", None)).first()
        )
        if consent is None or not _is_citizen(citizen):
            raise NotFound(_("Không tìm thấy sự đồng ý này."), code="not_found")
        if consent.withdrawn_at is None:
            consent.withdrawn_at = clock.now()
            consent.save(update_fields=["withdrawn_at"])
            audit(
                actor=citizen, action="register.consent.withdraw", obj=consent, changes={"register": consent.register}
            )
    return consent


def _counter_consent(official: Any, key: str, purpose: str) -> Consent:
    """The applicant's consent the official confirmed at the counter (the checkbox), recorded with their name."""
    subject = get_user_model().objects.filter(personal_id=key).first()
    with transaction.atomic():
        consent = Consent.objects.create(
            citizen=subject,
            subject_hash=subject_digest(key),
            register="population",
            purpose=purpose,
            channel=Consent.Channel.COUNTER,
            recorded_by=official,
            given_at=clock.now(),
        )
        audit(actor=official, action="register.consent.confirm", obj=consent, changes={"purpose": purpose})
    return consent


# C901: one check per rule of who may look up what (citizen / official, own ID, consent), in order.
def lookup(  # noqa: C901
    register: str,
    key: str,
    *,
    actor: Any,
    purpose: str,
    consent: Consent | None = None,
    consent_confirmed: bool = False,
    form_fields: Sequence[dict[str, Any]] = (),
    draft_id: int | None = None,
) -> Result:
    """Look ``key`` up in ``register`` on behalf of ``actor``, log it, and say which form fields it fills.

    A citizen may look up only their own personal ID in the population register, under their
    active ``consent`` (``give_consent``); an official (a reception officer) looks up for a dossier
    with ``consent_confirmed`` (the applicant consented at the counter). Raise ``ValidationError``
    (``invalid_key``, ``consent_required``, ``purpose_required``) or ``PermissionDenied``
    (``not_own_id``, ``not_allowed``) before anything is asked; otherwise return a ``Result``,
    also when the register did not answer (``outcome`` ``not_found`` or ``failed``, with a Vietnamese
    message saying the fields can be typed by hand). ``form_fields`` are the procedure's field specs:
    the ones with a source in this register are prefilled, and recorded as verified for ``draft_id``.
    """
    register_client = client(register)
    purpose = _check_purpose(purpose)
    try:
        key = register_client.normalise_key(key)
    except RegisterError as exc:
        raise ValidationError(exc.message, code="invalid_key") from exc
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Vui lòng đăng nhập."), code="not_authenticated")
    official = bool(getattr(actor, "is_official", False))
    if official:
        if not agencies_of(actor, {"reception"}):
            raise PermissionDenied(_("Chỉ cán bộ tiếp nhận mới được tra cứu tại quầy."), code="not_allowed")
        if register == "population":
            if not consent_confirmed:
                raise ValidationError(
                    _("Vui lòng xác nhận người nộp đã đồng ý cho tra cứu thông tin của họ."), code="consent_required"
                )
            consent = _counter_consent(actor, key, purpose)
    elif register == "population":
        if key != (actor.personal_id or ""):
            raise PermissionDenied(
                _("Công dân chỉ được tra cứu thông tin của chính mình (số định danh của tài khoản)."), code="not_own_id"
            )
        if consent is None or consent.citizen_id != actor.pk or consent.register != register or consent.withdrawn_at:
            raise ValidationError(
                _("Vui lòng đánh dấu đồng ý cho tra cứu Cơ sở dữ liệu quốc gia về dân cư."), code="consent_required"
            )
    values: dict[str, str] = {}
    error: RegisterError | None = None
    message_id = ""
    try:
        record = register_client.fetch(key, user_id=actor.get_username(), purpose=purpose[:PURPOSE_LIMIT])
    except RegisterError as exc:
        error, message_id = exc, exc.message_id
    else:
        message_id = record.message_id
        values = dict(record.values)
        if register in ("business", "land"):
            values["enterprise_code" if register == "business" else "parcel"] = key
    outcome = Lookup.Outcome.OK
    if error is not None:
        outcome = Lookup.Outcome.NOT_FOUND if error.code == "not_found" else Lookup.Outcome.FAILED
    prefill = _prefill(register, values, form_fields)
    subject = None
    if register == "population":
        subject = actor if not official else get_user_model().objects.filter(personal_id=key).first()
    with transaction.atomic():
        row = Lookup.objects.create(
            actor=actor,
            actor_kind=Lookup.ActorKind.OFFICIAL if official else Lookup.ActorKind.CITIZEN,
            register=register,
            subject_hash=subject_digest(key),
            subject_hint=subject_hint(register, key),
            subject=subject,
            purpose=purpose,
            consent=consent,
            draft_id=draft_id,
            outcome=outcome,
            error_code=error.gateway_code if error else "",
            message_id=message_id,
            at=clock.now(),
        )
        specs = {spec["name"]: spec for spec in form_fields}
        Verification.objects.bulk_create(
            Verification(lookup=row, field=name, value_digest=value_digest(specs[name], value), draft_id=draft_id)
            for name, value in prefill.items()
        )
        audit(
            actor=actor,
            action="register.lookup",
            obj=row,
            changes={"register": register, "outcome": outcome, "purpose": purpose, "message_id": message_id},
        )
    if error is not None:
        return Result(lookup_id=row.pk, outcome=outcome, message=error.message, code=error.code)
    return Result(lookup_id=row.pk, outcome=outcome, values=values, prefill=prefill)


def _prefill(register: str, values: dict[str, str], form_fields: Iterable[dict[str, Any]]) -> dict[str, str]:
    prefill: dict[str, str] = {}
    for spec in form_fields:
        source = register_source(spec)
        if source is None or source[0] != register or source[1] not in values or not values[source[1]]:
            continue
        value = values[source[1]]
        if spec["type"] == "select" and value not in choice_names(spec):
            continue  # the form's choices do not name it: left for the person to choose
        prefill[spec["name"]] = value
    return prefill


def _pending(actor: Any, *, draft_id: int | None, lookup_ids: Iterable[int]) -> list[Verification]:
    """The actor's verifications not yet attached to a dossier, newest last (a newer lookup wins)."""
    rows = Verification.objects.filter(
        lookup__actor_id=getattr(actor, "pk", None), lookup__outcome=Lookup.Outcome.OK, dossier__isnull=True
    )
    if draft_id is not None:
        rows = rows.filter(draft_id=draft_id)
    else:
        rows = rows.filter(lookup_id__in=[int(i) for i in lookup_ids], draft_id__isnull=True)
    return list(rows.select_related("lookup").order_by("lookup__at", "id"))


def verified_fields(
    actor: Any,
    specs: Sequence[dict[str, Any]],
    values: dict[str, Any],
    *,
    draft_id: int | None = None,
    lookup_ids: Iterable[int] = (),
) -> dict[str, Verification]:
    """The fields whose current value is still the one a lookup gave: ``{field name: verification}``.

    Read only. A field the person changed after the lookup is not in it.
    """
    by_name = {spec["name"]: spec for spec in specs}
    found: dict[str, Verification] = {}
    for row in _pending(actor, draft_id=draft_id, lookup_ids=lookup_ids):
        spec = by_name.get(row.field)
        if spec is None:
            continue
        if value_digest(spec, values.get(row.field, "")) == row.value_digest:
            found[row.field] = row
        else:
            found.pop(row.field, None)
    return found


def attach_verified(
    dossier: Any, *, actor: Any, draft_id: int | None = None, lookup_ids: Iterable[int] = ()
) -> list[str]:
    """Store with ``dossier`` which of its fields were verified, and by which lookup; forget the others.

    Call inside the submission's transaction, after the dossier is created; the comparison is with
    the dossier's cleaned form data, so a value changed after the lookup is not verified.
    """
    specs = list(dossier.procedure_version.form_fields or [])
    rows = _pending(actor, draft_id=draft_id, lookup_ids=lookup_ids)
    keep = verified_fields(actor, specs, dict(dossier.form_data or {}), draft_id=draft_id, lookup_ids=lookup_ids)
    kept_ids = {row.pk for row in keep.values()}
    Verification.objects.filter(pk__in=[row.pk for row in rows if row.pk not in kept_ids]).delete()
    Verification.objects.filter(pk__in=kept_ids).update(dossier=dossier, draft_id=None)
    Lookup.objects.filter(pk__in={row.lookup_id for row in rows}, dossier__isnull=True).update(dossier=dossier)
    return sorted(keep)
