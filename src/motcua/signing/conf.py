"""Signing settings (``settings.MOTCUA_SIGNING_*``, declared in ``motcua.config``), read at call time.

Unset trust roots, PKCS#12 files and passphrase fall back to the demo PKI (``pki.py``, made in
``MOTCUA_DATA_DIR/signing/pki``) in demo mode only; in production they must be set.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from motcua.signing import pki as demo_pki


def demo() -> bool:
    return bool(settings.MOTCUA_DEMO)


def sign_results() -> bool:
    return bool(settings.MOTCUA_SIGNING_SIGN_RESULTS)


def signer_name() -> str:
    return str(settings.MOTCUA_SIGNING_SIGNER)


def pki_url() -> str:
    return str(settings.MOTCUA_SIGNING_PKI_URL).rstrip("/")


def tsa_url() -> str:
    """The TSA; the demo PKI's in demo mode when unset, else '' (signing then refuses)."""
    return str(settings.MOTCUA_SIGNING_TSA_URL) or (f"{pki_url()}/tsa" if demo() else "")


def timeout() -> float:
    return float(settings.MOTCUA_SIGNING_TIMEOUT)


def pki_dir() -> Path:
    return Path(settings.DATA_DIR) / "signing" / "pki"


def font_cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "signing" / "fonts"


def demo_pki_files() -> demo_pki.DemoPki:
    """The demo PKI of this install (made on first use, with ``MOTCUA_SIGNING_PKI_URL``)."""
    return demo_pki.ensure_demo_pki(pki_dir(), pki_url())


def trust_roots() -> list[Path]:
    """The configured trust anchors; the demo root when none is set and the install is a demo."""
    roots = [Path(p) for p in settings.MOTCUA_SIGNING_TRUST_ROOTS if str(p).strip()]
    if not roots and demo():
        roots = [demo_pki_files().root_cert]
    return roots


def pkcs12_file(kind: str) -> Path | None:
    """The PKCS#12 file of ``personal`` or ``organisation`` keys; the demo PKI's in demo mode."""
    value = str(
        settings.MOTCUA_SIGNING_PKCS12_PERSONAL if kind == "personal" else settings.MOTCUA_SIGNING_PKCS12_ORGANISATION
    )
    if value:
        return Path(value)
    return demo_pki_files().p12(kind) if demo() else None


def pkcs11_module() -> str:
    return str(settings.MOTCUA_SIGNING_PKCS11_MODULE)


def pkcs11_token() -> str:
    return str(settings.MOTCUA_SIGNING_PKCS11_TOKEN)


def pkcs11_pin() -> str:
    return str(settings.MOTCUA_SIGNING_PKCS11_PIN)


def pkcs11_label(kind: str) -> str:
    if kind == "personal":
        return str(settings.MOTCUA_SIGNING_PKCS11_PERSONAL_LABEL)
    return str(settings.MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL)


def pkcs12_passphrase() -> str:
    value = str(settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE)
    if not value and demo() and not settings.MOTCUA_SIGNING_PKCS12_PERSONAL:
        return demo_pki.DEMO_PASSPHRASE
    return value


def csc_url() -> str:
    """The remote signing service's base URL (the part before ``/csc/v2/…``)."""
    return str(settings.MOTCUA_SIGNING_CSC_URL).rstrip("/")


def csc_client_id() -> str:
    return str(settings.MOTCUA_SIGNING_CSC_CLIENT_ID)


def csc_client_secret() -> str:
    return str(settings.MOTCUA_SIGNING_CSC_CLIENT_SECRET)


def csc_token() -> str:
    return str(settings.MOTCUA_SIGNING_CSC_TOKEN)


def csc_credential_id(kind: str) -> str:
    if kind == "personal":
        return str(settings.MOTCUA_SIGNING_CSC_CREDENTIAL_ID)
    return str(settings.MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID)


def csc_timeout() -> float:
    """Seconds a signHash request waits for the signer's approval on their device."""
    return float(settings.MOTCUA_SIGNING_CSC_TIMEOUT)
