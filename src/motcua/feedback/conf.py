"""Settings of the feedback app: accessors of ``django.conf.settings`` (declared in motcua.config)."""

from __future__ import annotations

from django.conf import settings

# Decision 766/QĐ-TTg (service index, domain.md §10): working days allowed for each PAKN step.
REJECT_WORKING_DAYS = 2
INFO_REQUEST_WORKING_DAYS = 5
RESOLVE_WORKING_DAYS = 15
PUBLISH_WORKING_DAYS = 2


def restart_after_info() -> bool:
    """Whether the deadlines count again from the day the citizen supplies the information asked for.

    The index text leaves this open; the default reads it like Decree 61/2018 art. 19.4 for dossiers
    (the time restarts once the request is complete).
    """
    return bool(settings.MOTCUA_FEEDBACK_RESTART_AFTER_INFO)


def max_attachments() -> int:
    return int(settings.MOTCUA_FEEDBACK_MAX_ATTACHMENTS)


def public_url() -> str:
    return str(settings.MOTCUA_PUBLIC_URL).rstrip("/")
