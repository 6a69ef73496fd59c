"""Settings of the notification channels: accessors of ``django.conf.settings`` (motcua.config
declares each variable with its default).

Each external channel is off until configured: SMS when ``MOTCUA_SMS_URL`` is set, Zalo ZNS when
``MOTCUA_ZALO_ACCESS_TOKEN`` is set. E-mail is on (Django's EMAIL_BACKEND; the default writes to
``var/mail``). In-app notices are always on. ``checks.py`` reports half-configured channels.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from motcua.core.links import public_url


def _get(name: str) -> Any:
    return getattr(settings, name)


def email_enabled() -> bool:
    return bool(_get("MOTCUA_EMAIL_ENABLED"))


def email_from() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)  # MOTCUA_FROM_EMAIL


def email_connection_options() -> dict[str, Any]:
    """Options for ``django.core.mail.get_connection`` (SMTP login, TLS, timeout)."""
    options: dict[str, Any] = {"timeout": float(settings.EMAIL_TIMEOUT)}  # MOTCUA_SMTP_TIMEOUT
    user = _get("MOTCUA_SMTP_USER")
    if user:
        options["username"] = user
        options["password"] = _get("MOTCUA_SMTP_PASSWORD")
    if _get("MOTCUA_SMTP_TLS"):
        options["use_tls"] = True
    if _get("MOTCUA_SMTP_SSL"):
        options["use_ssl"] = True
    return options


def sms_url() -> str:
    """Base URL of the brandname SMS gateway (``…/v1/sms/send`` is appended); empty = off."""
    return str(_get("MOTCUA_SMS_URL")).rstrip("/")


def sms_enabled() -> bool:
    return bool(sms_url())


def sms_provider() -> str:
    return str(_get("MOTCUA_SMS_PROVIDER"))


def sms_api_key() -> str:
    return str(_get("MOTCUA_SMS_API_KEY"))


def sms_secret() -> str:
    return str(_get("MOTCUA_SMS_SECRET"))


def sms_brandname() -> str:
    return str(_get("MOTCUA_SMS_BRANDNAME"))


def sms_callback_url() -> str:
    """Where the gateway posts delivery receipts; derived from MOTCUA_PUBLIC_URL unless set."""
    return str(_get("MOTCUA_SMS_CALLBACK_URL") or public_url("api-v1:sms_dlr"))


def sms_max_segments() -> int:
    return int(_get("MOTCUA_SMS_MAX_SEGMENTS"))


def zalo_url() -> str:
    return str(_get("MOTCUA_ZALO_URL")).rstrip("/")


def zalo_access_token() -> str:
    return str(_get("MOTCUA_ZALO_ACCESS_TOKEN"))


def zalo_enabled() -> bool:
    return bool(zalo_access_token())


def zalo_app_id() -> str:
    return str(_get("MOTCUA_ZALO_APP_ID"))


def zalo_oa_secret_key() -> str:
    return str(_get("MOTCUA_ZALO_OA_SECRET_KEY"))


def zalo_oa_url() -> str:
    """Base URL of the Zalo Official Account API (``/v3.0/oa/message/cs`` is appended)."""
    return str(_get("MOTCUA_ZALO_OA_URL")).rstrip("/")


def zalo_oa_access_token() -> str:
    return str(_get("MOTCUA_ZALO_OA_ACCESS_TOKEN") or zalo_access_token())


def zalo_oa_enabled() -> bool:
    """Tracking through the OA needs the webhook's secret (to verify) and a token (to answer)."""
    return bool(zalo_app_id() and zalo_oa_secret_key() and zalo_oa_access_token())


def track_limits() -> tuple[int, int, int, int]:
    """(per sender, sender window s, global, global window s) of tracking by message."""
    return (
        int(_get("MOTCUA_TRACK_SENDER_LIMIT")),
        int(_get("MOTCUA_TRACK_SENDER_WINDOW_SECONDS")),
        int(_get("MOTCUA_TRACK_GLOBAL_LIMIT")),
        int(_get("MOTCUA_TRACK_GLOBAL_WINDOW_SECONDS")),
    )


def http_timeout() -> float:
    return float(_get("MOTCUA_NOTIFY_HTTP_TIMEOUT"))


def channel_enabled(channel: str) -> bool:
    return {"in_app": True, "email": email_enabled(), "sms": sms_enabled(), "zalo": zalo_enabled()}[channel]
