"""The write path for users and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.identity import validate_personal_id
from motcua.accounts.models import ApiToken, User
from motcua.core import clock
from motcua.core.audit import audit
from motcua.core.contact import compact_phone, has_markup, is_email, is_person_name, is_vn_phone
from motcua.core.errors import Conflict, ValidationError

TOKEN_PREFIX = "mc_"  # noqa: S105 - a prefix / the published demo password, not a secret


USERNAME_RE = re.compile(r"^[A-Za-z0-9._@+-]{3,150}$")


def registration_errors(*, username: str, password: str, full_name: str, personal_id: str, phone: str = "",
                        email: str = "") -> dict[str, str]:
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
        errors["phone"] = _("Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), cố định gồm 11 "
                            "chữ số (ví dụ 02438253536).")
    if (email or "").strip() and not is_email(email.strip()):
        errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    if not username:
        errors["username"] = _("Vui lòng nhập tên đăng nhập.")
    elif not USERNAME_RE.match(username):
        errors["username"] = _("Tên đăng nhập gồm 3–150 ký tự: chữ cái không dấu, chữ số và các dấu . _ - @ +, "
                               "không có khoảng trắng.")
    if not password:
        errors["password"] = _("Vui lòng nhập mật khẩu.")
    else:
        try:
            validate_password(password, User(username=username, full_name=name, email=(email or "").strip()))
        except DjangoValidationError as exc:
            errors["password"] = " ".join(str(m) for m in exc.messages)
    return errors


def citizen_register(*, username: str, password: str, full_name: str, personal_id: str, phone: str = "",
                     email: str = "", address: str = "") -> User:
    """Create a citizen account after checking every field (``registration_errors``).

    Raise ``ValidationError(code="invalid_registration", details={"fields": {...}})`` listing every
    bad field at once, or ``Conflict`` when the user name or the personal ID is already taken.
    """
    errors = registration_errors(username=username, password=password, full_name=full_name,
                                 personal_id=personal_id, phone=phone, email=email)
    if errors:
        raise ValidationError(_("Thông tin đăng ký chưa hợp lệ."), code="invalid_registration",
                              details={"fields": errors})
    try:
        with transaction.atomic():
            user = User(username=username, full_name=" ".join(full_name.split()), personal_id=personal_id.strip(),
                        phone=compact_phone(phone), email=email.strip(), address=" ".join(address.split())[:300],
                        kind=User.Kind.CITIZEN)
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
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:10], key_hash=_hash(token),
                                  created_at=clock.now())
    audit(actor=actor, action="token.create", obj=row, changes={"user": user.username, "name": name})
    return row, token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any = None) -> None:
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action="token.revoke", obj=token)


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
