"""National portal settings (``settings.MOTCUA_DVCQG_*``, declared in ``motcua.config``), read at call time.

The defaults point at the local peer ``motcua sim dvcqg``; the token and the shared secret are DEMO
VALUES, public in this repository.
"""

from __future__ import annotations

import json

from django.conf import settings


def enabled() -> bool:
    """The exchange is on (off until configured: ``motcua up`` turns it on with its peer)."""
    return bool(settings.MOTCUA_DVCQG_ENABLED)


def url() -> str:
    return str(settings.MOTCUA_DVCQG_URL).rstrip("/")


def token() -> str:
    return str(settings.MOTCUA_DVCQG_TOKEN)


def secret() -> str:
    return str(settings.MOTCUA_DVCQG_SECRET)


def timeout() -> float:
    return float(settings.MOTCUA_DVCQG_TIMEOUT)


def sync_all() -> bool:
    return bool(settings.MOTCUA_DVCQG_SYNC_ALL)


def pull_enabled() -> bool:
    return enabled() and bool(settings.MOTCUA_DVCQG_PULL)


def status_map_override() -> dict[str, str]:
    """``MOTCUA_DVCQG_STATUS_MAP``: a JSON object local status → TrangThaiHoSo code; bad JSON is an error."""
    raw = str(settings.MOTCUA_DVCQG_STATUS_MAP or "").strip()
    if not raw:
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("MOTCUA_DVCQG_STATUS_MAP must be a JSON object")
    return {str(k): str(v) for k, v in data.items()}
