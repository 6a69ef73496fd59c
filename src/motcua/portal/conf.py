"""Settings the portal reads: accessors of ``django.conf.settings`` (declared in motcua.config)."""

from __future__ import annotations

from django.conf import settings


def max_upload_bytes() -> int:
    return int(settings.MOTCUA_MAX_UPLOAD_BYTES)


def allowed_upload_types() -> list[str]:
    return list(settings.MOTCUA_ALLOWED_UPLOAD_TYPES)


def drafts_per_user() -> int:
    """Cap on open drafts per account, so one account cannot fill the disk with draft files."""
    return int(settings.MOTCUA_PORTAL_MAX_DRAFTS)
