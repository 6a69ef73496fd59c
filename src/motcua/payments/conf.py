"""Payment settings, read at call time so tests and installs can override them.

Every value comes from ``settings.MOTCUA_PAYGATE_*`` / ``settings.MOTCUA_VIETQR_*`` with a default
that points at the local simulator (``motcua paygate_sim``). The secrets below are DEMO VALUES,
public in this repository: a real install must set its own (the gateways refuse nothing else).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings

SIMULATOR_URL = "http://127.0.0.1:8765"

# --- DEMO secrets: known to everybody who reads this file. Never use them in production. ----
DEMO_SECRET_A = "motcua-demo-national-secret-CHANGE-ME"  # noqa: S105 - public demo value
DEMO_SECRET_B = "MOTCUADEMOVNPAYSTYLESECRETCHANGEME"  # noqa: S105 - public demo value


def _get(name: str, default: object) -> object:
    return getattr(settings, name, default)


def public_url() -> str:
    """Return the address the gateways call back and redirect browsers to."""
    return str(_get("MOTCUA_PAYGATE_CALLBACK_BASE", "") or settings.MOTCUA_PUBLIC_URL).rstrip("/")


# Gateway A: the national payment platform style (domain.md §9).
def gateway_a_url() -> str:
    return str(_get("MOTCUA_PAYGATE_A_URL", f"{SIMULATOR_URL}/national")).rstrip("/")


def gateway_a_merchant() -> str:
    return str(_get("MOTCUA_PAYGATE_A_MERCHANT", "MOTCUA-DEMO"))


def gateway_a_secret() -> str:
    return str(_get("MOTCUA_PAYGATE_A_SECRET", DEMO_SECRET_A))


# Gateway B: a commercial gateway in the VNPay style.
def gateway_b_url() -> str:
    return str(_get("MOTCUA_PAYGATE_B_URL", f"{SIMULATOR_URL}/vnpay")).rstrip("/")


def gateway_b_merchant() -> str:
    return str(_get("MOTCUA_PAYGATE_B_MERCHANT", "MOTCUA01"))


def gateway_b_secret() -> str:
    return str(_get("MOTCUA_PAYGATE_B_SECRET", DEMO_SECRET_B))


def gateway_timeout() -> float:
    """Seconds to wait for a gateway's answer to a server-to-server call."""
    return float(_get("MOTCUA_PAYGATE_TIMEOUT", 10))  # type: ignore[arg-type]


def gateway_expiry() -> timedelta:
    return timedelta(minutes=int(_get("MOTCUA_PAYGATE_EXPIRY_MINUTES", 30)))  # type: ignore[call-overload]


# VietQR bank transfer to the collecting account (NAPAS 247).
def vietqr_expiry() -> timedelta:
    return timedelta(days=int(_get("MOTCUA_VIETQR_EXPIRY_DAYS", 3)))  # type: ignore[call-overload]


def vietqr_bank_bin() -> str:
    return str(_get("MOTCUA_VIETQR_BANK_BIN", "970415"))  # demo: VietinBank's BIN


def vietqr_bank_name() -> str:
    return str(_get("MOTCUA_VIETQR_BANK_NAME", "VietinBank"))


def vietqr_account() -> str:
    return str(_get("MOTCUA_VIETQR_ACCOUNT", "113000000001"))  # demo account number


def vietqr_account_name() -> str:
    return str(_get("MOTCUA_VIETQR_ACCOUNT_NAME", "UBND PHUONG HOAN KIEM (DEMO)"))


def gateway_origins() -> list[str]:
    """Return the origins (scheme://host:port) the browser is redirected to (CSP form-action)."""
    origins = []
    for url in (gateway_a_url(), gateway_b_url()):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
