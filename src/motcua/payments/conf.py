"""Payment settings, read from ``django.conf.settings`` at call time so tests can override them.

Every value is ``settings.MOTCUA_PAYGATE_*`` / ``settings.MOTCUA_VIETQR_*``, declared with its default
in ``motcua.config``: the defaults point at the local simulator (``motcua paygate_sim``) and its
secrets are DEMO VALUES, public in this repository; the system check motcua.core.E001 refuses them
in production.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings


def _get(name: str) -> Any:
    return getattr(settings, name)


def public_url() -> str:
    """Return the address the gateways call back and redirect browsers to."""
    return str(_get("MOTCUA_PAYGATE_CALLBACK_BASE") or settings.MOTCUA_PUBLIC_URL).rstrip("/")


# Gateway A: the national payment platform style (domain.md §9).
def gateway_a_url() -> str:
    return str(_get("MOTCUA_PAYGATE_A_URL")).rstrip("/")


def gateway_a_merchant() -> str:
    return str(_get("MOTCUA_PAYGATE_A_MERCHANT"))


def gateway_a_secret() -> str:
    return str(_get("MOTCUA_PAYGATE_A_SECRET"))


# Gateway B: a commercial gateway in the VNPay style.
def gateway_b_url() -> str:
    return str(_get("MOTCUA_PAYGATE_B_URL")).rstrip("/")


def gateway_b_merchant() -> str:
    return str(_get("MOTCUA_PAYGATE_B_MERCHANT"))


def gateway_b_secret() -> str:
    return str(_get("MOTCUA_PAYGATE_B_SECRET"))


def gateway_timeout() -> float:
    """Seconds to wait for a gateway's answer to a server-to-server call."""
    return float(_get("MOTCUA_PAYGATE_TIMEOUT"))


def gateway_expiry() -> timedelta:
    return timedelta(minutes=int(_get("MOTCUA_PAYGATE_EXPIRY_MINUTES")))


# VietQR bank transfer to the collecting account (NAPAS 247).
def vietqr_expiry() -> timedelta:
    return timedelta(days=int(_get("MOTCUA_VIETQR_EXPIRY_DAYS")))


def vietqr_bank_bin() -> str:
    return str(_get("MOTCUA_VIETQR_BANK_BIN"))  # demo: VietinBank's BIN


def vietqr_bank_name() -> str:
    return str(_get("MOTCUA_VIETQR_BANK_NAME"))


def vietqr_account() -> str:
    return str(_get("MOTCUA_VIETQR_ACCOUNT"))  # demo account number


def vietqr_account_name() -> str:
    return str(_get("MOTCUA_VIETQR_ACCOUNT_NAME"))


def gateway_origins() -> list[str]:
    """Return the origins (scheme://host:port) the browser is redirected to (CSP form-action)."""
    origins = []
    for url in (gateway_a_url(), gateway_b_url()):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


# Fee receipts (biên lai thu phí, lệ phí): the series a body gets automatically for a year.
def receipt_form_number() -> str:
    return str(_get("MOTCUA_RECEIPT_FORM_NUMBER"))


def receipt_symbol(year: int, agency_code: str) -> str:
    """The symbol (ký hiệu) of the automatic series of ``agency_code`` for ``year``, from the pattern."""
    pattern = str(_get("MOTCUA_RECEIPT_SYMBOL_PATTERN"))
    values = {"yy": f"{year % 100:02d}", "yyyy": str(year), "agency": agency_code}
    try:
        return pattern.format(**values)[:20]
    except (KeyError, IndexError, ValueError):  # a pattern with an unknown placeholder: the default one
        return "BL-{yy}E".format(**values)
