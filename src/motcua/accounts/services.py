"""The write path for users and API tokens."""

from __future__ import annotations

import hashlib
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
from motcua.core.errors import Conflict, ValidationError

TOKEN_PREFIX = "mc_"  # noqa: S105 - a prefix / the published demo password, not a secret


def citizen_register(*, username: str, password: str, full_name: str, personal_id: str, phone: str = "",
                     email: str = "", address: str = "") -> User:
    """Create a citizen account after checking the identification number and the password."""
    personal_id = validate_personal_id(personal_id)
    try:
        validate_password(password)
    except DjangoValidationError as exc:
        raise ValidationError(" ".join(exc.messages), code="weak_password", details={"field": "password"}) from exc
    try:
        with transaction.atomic():
            user = User(username=username, full_name=full_name, personal_id=personal_id, phone=phone, email=email,
                        address=address, kind=User.Kind.CITIZEN)
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
