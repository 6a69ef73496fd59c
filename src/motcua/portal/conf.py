"""Settings the portal reads, with defaults, so the app works without changes to settings.py."""

from __future__ import annotations

from django.conf import settings

DEFAULT_ALLOWED_TYPES = ["application/pdf", "image/jpeg", "image/png"]


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def allowed_upload_types() -> list[str]:
    return list(getattr(settings, "MOTCUA_ALLOWED_UPLOAD_TYPES", DEFAULT_ALLOWED_TYPES))


def drafts_per_user() -> int:
    """Cap on open drafts per account, so one account cannot fill the disk with draft files."""
    return int(getattr(settings, "MOTCUA_PORTAL_MAX_DRAFTS", 20))
