"""The write path for users and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.identity import validate_personal_id
from motcua.accounts.models import ApiToken, EidConflict, EidLevel, User
from motcua.core import clock
from motcua.core.audit import audit
from motcua.core.contact import compact_phone, has_markup, is_email, is_person_name, is_vn_phone
from motcua.core.errors import Conflict, PermissionDenied, ValidationError

TOKEN_PREFIX = "mc_"  # noqa: S105 - a prefix / the published demo password, not a secret


USERNAME_RE = re.compile(r"^[A-Za-z0-9._@+-]{3,150}$")


def registration_errors(
    *, username: str, password: str, full_name: str, personal_id: str, phone: str = "", email: str = ""
) -> dict[str, str]:
    """Return every problem of a citizen registration as ``{field: Vietnamese message}`` (empty: valid).

    The same rules as a dossier's applicant (core.contact, accounts.identity): a person's name
    without digits or markup, the 12-digit personal ID, a Vietnamese phone number, an e-mail
    address; and a user name without spaces, and a password the validators accept.
    """
    errors: dict[str, str] = {}
    name = " ".join((full_name or "").split())
    if not name:
        errors["full_name"] = _("Vui lòng nhập họ và tên.")
    elif len(name) > 200:
        errors["full_name"] = _("Họ và tên tối đa 200 ký tự.")
    elif has_markup(name):
        errors["full_name"] = _("Họ và tên không được chứa ký tự đặc biệt như < > { } [ ] = ; hoặc mã HTML.")
    elif not is_person_name(name):
        errors["full_name"] = _("Họ và tên chỉ gồm chữ cái, khoảng trắng và các dấu ' - . (không có chữ số).")
    if not (personal_id or "").strip():
        errors["personal_id"] = _("Vui lòng nhập số định danh cá nhân.")
    else:
        try:
            validate_personal_id(personal_id)
        except ValidationError as exc:
            errors["personal_id"] = str(exc.message)
    compact = compact_phone(phone or "")
    if compact and not is_vn_phone(compact):
        errors["phone"] = _(
            "Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), cố định gồm 11 "
            "chữ số (ví dụ 02438253536)."
        )
    if (email or "").strip() and not is_email(email.strip()):
        errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    if not username:
        errors["username"] = _("Vui lòng nhập tên đăng nhập.")
    elif not USERNAME_RE.match(username):
        errors["username"] = _(
            "Tên đăng nhập gồm 3–150 ký tự: chữ cái không dấu, chữ số và các dấu . _ - @ +, không có khoảng trắng."
        )
    if not password:
        errors["password"] = _("Vui lòng nhập mật khẩu.")
    else:
        try:
            validate_password(password, User(username=username, full_name=name, email=(email or "").strip()))
        except DjangoValidationError as exc:
            errors["password"] = " ".join(str(m) for m in exc.messages)
    return errors


def citizen_register(
    *,
    username: str,
    password: str,
    full_name: str,
    personal_id: str,
    phone: str = "",
    email: str = "",
    address: str = "",
) -> User:
    """Create a citizen account after checking every field (``registration_errors``).

    Raise ``ValidationError(code="invalid_registration", details={"fields": {...}})`` listing every
    bad field at once, or ``Conflict`` when the user name or the personal ID is already taken.
    """
    errors = registration_errors(
        username=username, password=password, full_name=full_name, personal_id=personal_id, phone=phone, email=email
    )
    if errors:
        raise ValidationError(
            _("Thông tin đăng ký chưa hợp lệ."), code="invalid_registration", details={"fields": errors}
        )
    try:
        with transaction.atomic():
            user = User(
                username=username,
                full_name=" ".join(full_name.split()),
                personal_id=personal_id.strip(),
                phone=compact_phone(phone),
                email=email.strip(),
                address=" ".join(address.split())[:300],
                kind=User.Kind.CITIZEN,
            )
            user.set_password(password)
            user.save()
            audit(actor=user, action="user.register", obj=user, changes={"username": username})
    except IntegrityError as exc:
        raise Conflict(_("Tên đăng nhập hoặc số định danh đã được đăng ký."), code="already_registered") from exc
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str = "api", actor: Any = None) -> tuple[ApiToken, str]:
    """Issue a bearer token for ``user``; return the row and the token (shown only this once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, prefix=token[:10], key_hash=_hash(token), created_at=clock.now()
    )
    audit(actor=actor, action="token.create", obj=row, changes={"user": user.username, "name": name})
    return row, token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any = None) -> None:
    """Revoke a token (idempotent: a revoked token keeps its first revocation time, and one audit line)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit(
        actor=actor,
        action="token.revoke",
        obj=token,
        changes={"user": token.user_id, "name": token.name, "prefix": token.prefix},
    )


# Fields whose change the admin audit always names with old and new values (the rights of an account).
RIGHTS_FIELDS = ("is_superuser", "is_staff", "is_active")
_UNLOGGED_FIELDS = ("password", "last_login")


def _shown(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


@transaction.atomic
def user_save_by_admin(
    *, user: User, changed: list[str], actor: Any = None, related: dict[str, list[str]] | None = None
) -> User:
    """Save a user edited in the admin and audit it in the same transaction: the old and new value of
    each changed field (never a password or its hash), ``related`` the new groups / permissions by name.

    A new account is ``user.create``; a change of ``is_superuser``, ``is_staff`` or ``is_active`` is
    ``user.rights_change`` (so rights are found in the log), any other change ``user.update``.
    """
    related = related or {}
    created = user.pk is None
    columns = {f.name for f in User._meta.concrete_fields} - set(_UNLOGGED_FIELDS)
    logged = [f for f in changed if f in columns]
    old: dict[str, Any] = {}
    if not created and logged:
        old = User.objects.select_for_update().filter(pk=user.pk).values(*logged).first() or {}
    user.save()
    changes: dict[str, Any] = {}
    for name in changed:
        if name in related:
            changes[name] = sorted(related[name])
        elif name in logged:
            value = getattr(user, name)
            if created:
                changes[name] = _shown(value)
            elif _shown(old.get(name)) != _shown(value) and old.get(name) != value:
                changes[name] = [_shown(old.get(name)), _shown(value)]  # not a re-posted equal value
        elif name.startswith("password") or name == "usable_password":
            changes["password"] = "***"  # noqa: S105 - a mask, not a password
    if created:
        changes.setdefault("username", user.username)
        action = "user.create"
    elif not changes:
        return user
    else:
        action = "user.rights_change" if set(changes) & set(RIGHTS_FIELDS) else "user.update"
    audit(actor=actor, action=action, obj=user, changes=changes)
    return user


@transaction.atomic
def user_password_changed(*, user: User, actor: Any = None) -> None:
    """Record that an administrator set (or removed) ``user``'s password; the password is not logged.
    Call in the transaction that saved it."""
    audit(actor=actor, action="user.password_set", obj=user, changes={"username": user.username})


@transaction.atomic
def user_delete(*, user: User, actor: Any = None) -> None:
    """Delete an account, with an audit line naming it and the roles removed with it."""
    roles = sorted(
        f"{agency}:{role}:{'active' if active else 'inactive'}"
        for agency, role, active in user.official_roles.values_list("agency__code", "role", "active")
    )
    audit(
        actor=actor,
        action="user.delete",
        obj=user,
        changes={
            "username": user.username,
            "roles": roles,
            "is_superuser": user.is_superuser,
            "is_staff": user.is_staff,
        },
    )
    user.delete()


def user_for_token(token: str) -> User | None:
    """Return the active user of a valid, unrevoked token, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(key_hash=_hash(token), revoked_at__isnull=True).first()
    if row is None or not row.user.is_active:
        return None
    now = clock.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


# --- E-ID login (định danh điện tử) ------------------------------------------------------------


def _may_not_use_eid(user: User) -> bool:
    """Officials (and staff) log in with the account and password their body issued, never by e-ID."""
    return user.kind == User.Kind.OFFICIAL or user.is_staff or user.is_superuser


def _eid_username(personal_id: str) -> str:
    base = f"eid.{personal_id}"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}.{n}"
    return name


def eid_sign_in(
    *, subject: str, personal_id: str, full_name: str, birth_date: date | None, level: int
) -> tuple[User, EidConflict | None]:
    """Return the account of a verified e-ID (creating it on the first login) and the conflict recorded, if any.

    The rule (issue #13, Decree 69/2024/NĐ-CP: a verified e-ID counts as the identity paper):

    - The account is found by the provider's ``subject`` (``sub``), else by the verified
      ``personal_id``, **never by e-mail**. An account found by personal ID whose ID was verified
      by e-ID before keeps being that person's account (the provider's ``sub`` is updated).
    - With none, a citizen account is created (kind citizen, unusable password).
    - A local account (registered with a password, not e-ID-verified) that only *claimed* the same
      personal ID is not merged silently: the verified identity wins. The local account loses its
      claim (``personal_id`` set to null; it keeps its dossiers and its password), the e-ID account
      gets the ID, and an ``EidConflict`` row is recorded and audited, for an official with the
      admin role to resolve; the citizen sees it on the account page.
    - Officials and staff are refused (``PermissionDenied``, code ``eid_official``): they log in
      with the account and password their body issued.

    The personal ID, name, birth date and level are refreshed from the e-ID at every login; one
    transaction, with an audit line (``user.eid_login``, ``user.eid_register``, ``user.eid_conflict``).
    """
    try:
        return _eid_sign_in(subject, personal_id, full_name, birth_date, level)
    except IntegrityError:
        # Two first logins of one person at once: the other transaction created the account.
        return _eid_sign_in(subject, personal_id, full_name, birth_date, level)


@transaction.atomic
def _eid_sign_in(
    subject: str, personal_id: str, full_name: str, birth_date: date | None, level: int
) -> tuple[User, EidConflict | None]:
    if not re.fullmatch(r"\d{12}", personal_id):
        raise ValidationError(_("Số định danh cá nhân không hợp lệ."), code="invalid_personal_id")
    level = level if level in EidLevel.values else EidLevel.NONE
    by_subject = User.objects.select_for_update().filter(eid_subject=subject).first()
    by_id = User.objects.select_for_update().filter(personal_id=personal_id).first()
    for found in (by_subject, by_id):
        if found is not None and _may_not_use_eid(found):
            raise PermissionDenied(_("Cán bộ đăng nhập bằng tài khoản và mật khẩu cơ quan cấp."), code="eid_official")
    if by_subject is not None:
        user: User | None = by_subject
    elif by_id is not None and by_id.eid_verified_at is not None:
        user = by_id
    else:
        user = None
    now = clock.now()
    conflict: EidConflict | None = None
    lost = by_id if by_id is not None and by_id != user else None
    if lost is not None:
        lost.personal_id = None
        lost.save(update_fields=["personal_id"])
    created = user is None
    if user is None:
        user = User(username=_eid_username(personal_id), kind=User.Kind.CITIZEN)
        user.set_unusable_password()
    user.personal_id = personal_id
    user.full_name = full_name or user.full_name
    user.birth_date = birth_date
    user.eid_level = level
    user.eid_verified_at = now
    user.eid_subject = subject
    user.save()
    audit(
        actor=user,
        action="user.eid_register" if created else "user.eid_login",
        obj=user,
        changes={"eid_level": level, "username": user.username},
    )
    if lost is not None:
        conflict = EidConflict.objects.create(
            local_user=lost, verified_user=user, personal_id=personal_id, detected_at=now
        )
        audit(
            actor=user,
            action="user.eid_conflict",
            obj=conflict,
            changes={"local_user": lost.pk, "verified_user": user.pk, "personal_id": [personal_id, None]},
        )
    return user, conflict


@transaction.atomic
def eid_conflict_resolve(*, conflict: EidConflict, note: str, actor: Any) -> EidConflict:
    """Mark an e-ID conflict resolved with the official's note (required); audited. Resolving twice is refused."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Vui lòng ghi nội dung đã xử lý."), code="note_required")
    row = EidConflict.objects.select_for_update().get(pk=conflict.pk)
    if row.resolved:
        raise Conflict(_("Trường hợp này đã được xử lý."), code="already_resolved")
    row.resolved, row.resolved_at, row.resolution_note = True, clock.now(), note
    row.resolved_by = actor if getattr(actor, "pk", None) else None
    row.save(update_fields=["resolved", "resolved_at", "resolution_note", "resolved_by"])
    audit(actor=actor, action="user.eid_conflict_resolved", obj=row, changes={"note": note})
    return row
