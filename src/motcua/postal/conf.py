"""Postal settings (``settings.MOTCUA_POST_*``, declared in ``motcua.config``), read at call time.

The defaults point at the local peer ``motcua sim post``; the token and webhook secret are DEMO
VALUES, public in this repository.
"""

from __future__ import annotations

from django.conf import settings


def url() -> str:
    return str(settings.MOTCUA_POST_URL).rstrip("/")


def customer_code() -> str:
    return str(settings.MOTCUA_POST_CUSTOMER_CODE)


def token() -> str:
    return str(settings.MOTCUA_POST_TOKEN)


def webhook_secret() -> str:
    return str(settings.MOTCUA_POST_WEBHOOK_SECRET)


def timeout() -> float:
    return float(settings.MOTCUA_POST_TIMEOUT)


def fee_same_province() -> int:
    return int(settings.MOTCUA_POST_FEE_SAME_PROVINCE)


def fee_other_province() -> int:
    return int(settings.MOTCUA_POST_FEE_OTHER_PROVINCE)
