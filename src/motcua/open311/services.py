"""API keys of Open311 clients: create (shown once), revoke, check. Only the SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from motcua.core import clock
from motcua.core.audit import audit
from motcua.open311.models import ApiKey

KEY_PREFIX = "o311_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def key_create(*, name: str, actor: Any = None) -> tuple[ApiKey, str]:
    """Issue a key for the client ``name``; return the row and the key (shown only this once)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey.objects.create(name=name.strip()[:100], prefix=key[:10], key_hash=_hash(key), created_at=clock.now())
    audit(actor=actor, action="open311.key_create", obj=row, changes={"name": row.name})
    return row, key


@transaction.atomic
def key_revoke(*, key: ApiKey, actor: Any = None) -> None:
    if key.revoked_at is not None:
        return
    key.revoked_at = clock.now()
    key.save(update_fields=["revoked_at"])
    audit(actor=actor, action="open311.key_revoke", obj=key, changes={"name": key.name})


def key_check(key: str) -> ApiKey | None:
    """Return the unrevoked key row for ``key``, or None."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    row = ApiKey.objects.filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    if row is not None:
        now = clock.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
            ApiKey.objects.filter(pk=row.pk).update(last_used_at=now)
    return row
