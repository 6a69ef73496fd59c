"""Gateway settings, read from ``django.conf.settings`` at call time (declared in ``motcua.config``)."""

from __future__ import annotations

from django.conf import settings


def gateway_url() -> str:
    return str(settings.MOTCUA_LGSP_URL).rstrip("/")


def client_id() -> str:
    return str(settings.MOTCUA_LGSP_CLIENT_ID)


def token() -> str:
    return str(settings.MOTCUA_LGSP_TOKEN)


def timeout() -> float:
    return float(settings.MOTCUA_LGSP_TIMEOUT)


def breaker_failures() -> int:
    return int(settings.MOTCUA_LGSP_BREAKER_FAILURES)


def breaker_reset_seconds() -> float:
    return float(settings.MOTCUA_LGSP_BREAKER_RESET_SECONDS)


def log_key() -> bytes:
    """The key that signs the message log: MOTCUA_LGSP_LOG_KEY, else the secret key (never in the DB)."""
    return str(settings.MOTCUA_LGSP_LOG_KEY or settings.SECRET_KEY).encode("utf-8")
