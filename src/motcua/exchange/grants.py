"""The grants of gateway members to MotCua's own services (quyền khai thác dịch vụ): the one write path.

A grant names the calling member (its X-Road client id), the services it may call (``SERVICES``),
optionally the agencies whose dossiers it may ask about, and carries a bearer token of which only
the SHA-256 is stored: the token is returned once by ``grant_create`` (or ``token_reissue``).
Every change is audited (``core.audit``) in its transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core import clock
from motcua.core.audit import audit
from motcua.core.errors import Conflict, ValidationError
from motcua.exchange.models import ServiceGrant
from motcua.organisation.models import Agency

# The services MotCua offers through the gateway (docs/integrations/lgsp.md, "Incoming calls").
STATUS, RESULT = "trang-thai", "ket-qua"
SERVICES = {
    STATUS: gettext_lazy("Trạng thái hồ sơ"),
    RESULT: gettext_lazy("Kết quả giải quyết hồ sơ (thông tin và tệp đã ký)"),
}
TOKEN_PREFIX = "mcg_"  # noqa: S105 - the visible prefix of every grant token, not a secret
MAX_RATE_PER_MINUTE = 6000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_token(token)


def clean_services(services: Iterable[str]) -> list[str]:
    chosen = sorted({str(s) for s in services})
    unknown = [s for s in chosen if s not in SERVICES]
    if unknown:
        raise ValidationError(
            _("Dịch vụ không có: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_service",
            details={"known": sorted(SERVICES)},
        )
    return chosen


def clean_client_id(client_id: str) -> str:
    value = client_id.strip()
    if value.count("/") < 2 or len(value) > 200 or any(part == "" for part in value.split("/")):
        raise ValidationError(_("Mã bên gọi phải có dạng INSTANCE/CLASS/MEMBER/SUBSYSTEM."), code="bad_client_id")
    return value


@transaction.atomic
def grant_create(
    *,
    client_id: str,
    name: str,
    services: Iterable[str],
    agency_codes: Iterable[str] = (),
    rate_per_minute: int = 120,
    actor: Any = None,
) -> tuple[ServiceGrant, str]:
    """Grant ``client_id`` the ``services``; return the row and its token (shown only this once)."""
    client_id = clean_client_id(client_id)
    chosen = clean_services(services)
    codes = sorted({c.strip() for c in agency_codes if c.strip()})
    agencies = list(Agency.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {a.code for a in agencies})
    if missing:
        raise ValidationError(
            _("Không có cơ quan mã %(codes)s.") % {"codes": ", ".join(missing)}, code="unknown_agency"
        )
    if not 1 <= rate_per_minute <= MAX_RATE_PER_MINUTE:
        raise ValidationError(_("Số lần gọi mỗi phút không hợp lệ."), code="bad_rate")
    if ServiceGrant.objects.filter(client_id=client_id).exists():
        raise Conflict(_("Bên gọi %(client)s đã có quyền khai thác.") % {"client": client_id}, code="grant_exists")
    token, digest = _new_token()
    grant = ServiceGrant.objects.create(
        client_id=client_id,
        name=name.strip()[:200] or client_id,
        services=chosen,
        rate_per_minute=rate_per_minute,
        token_prefix=token[:10],
        token_hash=digest,
        created_at=clock.now(),
    )
    grant.agencies.set(agencies)
    audit(
        actor=actor,
        action="exchange_grant.create",
        obj=grant,
        changes={"client_id": client_id, "services": chosen, "agencies": codes, "rate_per_minute": rate_per_minute},
    )
    return grant, token


@transaction.atomic
def grant_save_by_admin(*, grant: ServiceGrant, changed: list[str], agency_codes: list[str], actor: Any) -> None:
    """Save the admin's change of a grant (services, scope, active, rate) with its audit line."""
    grant.services = clean_services(grant.services or [])
    grant.save()
    grant.agencies.set(Agency.objects.filter(code__in=agency_codes))
    values = {f: getattr(grant, f) for f in changed if f not in ("agencies", "token_hash")}
    if "agencies" in changed:
        values["agencies"] = sorted(agency_codes)
    audit(actor=actor, action="exchange_grant.change", obj=grant, changes=values)


@transaction.atomic
def token_reissue(*, grant: ServiceGrant, actor: Any = None) -> str:
    """Replace the grant's token (the old one stops working at once); return the new one, shown once."""
    grant = ServiceGrant.objects.select_for_update().get(pk=grant.pk)
    token, digest = _new_token()
    grant.token_prefix, grant.token_hash = token[:10], digest
    grant.save(update_fields=["token_prefix", "token_hash"])
    audit(actor=actor, action="exchange_grant.token", obj=grant, changes={"token_prefix": grant.token_prefix})
    return token


def grant_for_token(token: str) -> ServiceGrant | None:
    """The grant whose token this is (active or not), or None; notes when it was last used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    grant = ServiceGrant.objects.filter(token_hash=hash_token(token)).first()
    if grant is not None:
        now = clock.now()
        if grant.last_used_at is None or (now - grant.last_used_at).total_seconds() > 60:
            ServiceGrant.objects.filter(pk=grant.pk).update(last_used_at=now)
    return grant
