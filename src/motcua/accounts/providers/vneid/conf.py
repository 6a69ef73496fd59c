"""E-ID settings (``settings.MOTCUA_OIDC_*``, declared in ``motcua.config``), read at call time.

An empty issuer means e-ID login is not configured: the login page hides its button.
"""

from __future__ import annotations

from django.conf import settings

from motcua.core.links import public_url


def issuer() -> str:
    return str(settings.MOTCUA_OIDC_ISSUER).strip().rstrip("/")


def client_id() -> str:
    return str(settings.MOTCUA_OIDC_CLIENT_ID).strip()


def client_secret() -> str:
    return str(settings.MOTCUA_OIDC_CLIENT_SECRET)


def scopes() -> str:
    return " ".join(str(settings.MOTCUA_OIDC_SCOPES).split()) or "openid"


def claim_personal_id() -> str:
    return str(settings.MOTCUA_OIDC_CLAIM_PERSONAL_ID)


def claim_name() -> str:
    return str(settings.MOTCUA_OIDC_CLAIM_NAME)


def claim_birthdate() -> str:
    return str(settings.MOTCUA_OIDC_CLAIM_BIRTHDATE)


def claim_level() -> str:
    return str(settings.MOTCUA_OIDC_CLAIM_LEVEL)


def timeout() -> float:
    return float(settings.MOTCUA_OIDC_TIMEOUT)


def configured() -> bool:
    """Whether e-ID login is offered: an issuer and a client id are set."""
    return bool(issuer() and client_id())


def redirect_uri() -> str:
    """``<public URL>/oidc/callback/``: what is registered at the provider."""
    return public_url("web:oidc_callback")


def post_logout_redirect_uri() -> str:
    """Where the provider sends the browser after RP-initiated logout: the portal's home page."""
    return public_url("portal:home")
