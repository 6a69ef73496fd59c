"""Write the audit log of non-dossier changes (dossiers have their own history)."""

from __future__ import annotations

from typing import Any

from django.db import models

from motcua.core import clock
from motcua.core.models import AuditLog


def audit(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    """Record one change. Call inside the transaction that makes the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditLog.objects.create(
        at=clock.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=changes or {},
    )
