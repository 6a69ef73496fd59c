"""Our OpenID Connect client of the e-ID provider (VNeID style): Authlib for the protocol, joserfc
for the ID token.

- ``discover()``: the provider's metadata from ``<issuer>/.well-known/openid-configuration``;
- ``start(next_url)``: the authorization request (code flow, PKCE S256, fresh ``state`` and ``nonce``)
  and what the session must keep (``Pending``) until the callback;
- ``finish(pending, params)``: checks ``state``, exchanges the code (with the PKCE verifier),
  verifies the ID token's signature against the provider's JWKS and its ``iss``, ``aud``, ``exp``,
  ``nonce``, reads userinfo, and returns the verified ``Identity``;
- ``logout_url(id_token)``: RP-initiated logout at ``end_session_endpoint``.

Every HTTP call has the timeout ``MOTCUA_OIDC_TIMEOUT``. A provider that is down, slow or answers
garbage raises ``EidUnavailable``; an answer that fails a check raises ``EidRefused``. Both carry a
Vietnamese message for the login page. Nothing is cached: each login reads the metadata and the
keys again, so a key rotation at the provider takes effect at once.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from motcua.accounts.providers.vneid import conf
from motcua.core.errors import DomainError

ALGORITHMS = ["RS256", "PS256", "ES256"]  # asymmetric only: the ID token is checked with the provider's keys
LEVEL_RE = re.compile(r"([12])\D*$")


class EidUnavailable(DomainError):
    """The provider could not be reached, was too slow, or answered something that is not the protocol."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            _(
                "Hệ thống định danh điện tử đang không phản hồi, vui lòng thử lại sau ít phút "
                "hoặc đăng nhập bằng tên đăng nhập và mật khẩu."
            ),
            code="eid_unavailable",
            details={"detail": detail},
        )


class EidRefused(DomainError):
    """The login cannot be accepted: a check failed, the citizen cancelled, or the account may not use e-ID."""

    def __init__(self, message: Any, *, detail: str = "", code: str = "eid_refused") -> None:
        super().__init__(message, code=code, details={"detail": detail})


def refused(detail: str) -> EidRefused:
    """The refusal of an answer that failed a protocol check (the citizen is told to start again)."""
    return EidRefused(
        _("Không xác thực được phiên đăng nhập định danh điện tử. Vui lòng đăng nhập lại."), detail=detail
    )


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str


@dataclass(frozen=True)
class Pending:
    """What the session keeps between the authorization request and the callback."""

    state: str
    nonce: str
    code_verifier: str
    next_url: str

    def as_dict(self) -> dict[str, str]:
        return {"state": self.state, "nonce": self.nonce, "code_verifier": self.code_verifier, "next": self.next_url}

    @classmethod
    def from_dict(cls, data: Any) -> Pending | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(str(data["state"]), str(data["nonce"]), str(data["code_verifier"]), str(data.get("next", "")))
        except KeyError:
            return None


@dataclass(frozen=True)
class Identity:
    """A verified e-ID: ``subject`` is the provider's ``sub``; ``level`` the e-ID level (0 unknown, 1, 2)."""

    subject: str
    personal_id: str
    full_name: str
    birth_date: date | None
    level: int
    id_token: str


def _get_json(url: str, *, what: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    if not url.startswith(("http://", "https://")):
        raise EidUnavailable(f"{what}: not an http(s) URL: {url!r}")
    try:
        response = requests.get(url, timeout=conf.timeout(), headers={"Accept": "application/json", **(headers or {})})
    except requests.RequestException as exc:
        raise EidUnavailable(f"{what}: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise EidUnavailable(f"{what}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise EidUnavailable(f"{what}: not JSON") from exc
    if not isinstance(data, dict):
        raise EidUnavailable(f"{what}: not a JSON object")
    return data


def discover() -> Metadata:
    """Read the provider's metadata; its ``issuer`` must be the configured one (OIDC Discovery §4.3)."""
    issuer = conf.issuer()
    data = _get_json(issuer + "/.well-known/openid-configuration", what="discovery")
    if str(data.get("issuer", "")).rstrip("/") != issuer:
        raise EidUnavailable(f"discovery: issuer {data.get('issuer')!r} is not {issuer!r}")
    try:
        return Metadata(
            issuer=str(data["issuer"]),
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            userinfo_endpoint=str(data.get("userinfo_endpoint") or ""),
            end_session_endpoint=str(data.get("end_session_endpoint") or ""),
        )
    except KeyError as exc:
        raise EidUnavailable(f"discovery: {exc.args[0]} missing") from exc


def _session(**kwargs: Any) -> OAuth2Session:
    return OAuth2Session(
        client_id=conf.client_id(),
        client_secret=conf.client_secret(),
        scope=conf.scopes(),
        redirect_uri=conf.redirect_uri(),
        code_challenge_method="S256",
        **kwargs,
    )


def start(next_url: str = "") -> tuple[str, Pending]:
    """Return the provider's authorization URL and the ``Pending`` login the session keeps."""
    metadata = discover()
    pending = Pending(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),  # 86 characters: RFC 7636 §4.1 asks 43-128
        next_url=next_url,
    )
    with _session() as session:
        url, _state = session.create_authorization_url(
            metadata.authorization_endpoint,
            state=pending.state,
            nonce=pending.nonce,
            code_verifier=pending.code_verifier,
        )
    return url, pending


def finish(pending: Pending, params: dict[str, str]) -> Identity:
    """Complete the login from the callback's query ``params``; return the verified identity."""
    if not hmac.compare_digest(params.get("state", ""), pending.state):
        raise refused("state mismatch")
    if params.get("error"):
        if params["error"] == "access_denied":
            raise EidRefused(_("Bạn đã hủy đăng nhập bằng định danh điện tử."), detail="access_denied")
        raise refused(f"provider error: {params['error']}")
    code = params.get("code", "")
    if not code:
        raise refused("no code")
    metadata = discover()
    if params.get("iss") and params["iss"].rstrip("/") != metadata.issuer.rstrip("/"):  # RFC 9207
        raise refused("iss of the authorization response")
    token = _fetch_token(metadata, code, pending.code_verifier)
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise EidUnavailable("token: no id_token")
    claims = verify_id_token(id_token, metadata, nonce=pending.nonce)
    access_token = token.get("access_token")
    if metadata.userinfo_endpoint and isinstance(access_token, str) and access_token:
        info = _get_json(
            metadata.userinfo_endpoint, what="userinfo", headers={"Authorization": f"Bearer {access_token}"}
        )
        if info.get("sub") != claims["sub"]:  # OIDC Core §5.3.4: a userinfo answer of another subject is not used
            raise refused("userinfo sub differs from the ID token's")
        claims = {**info, **claims}
    return identity_from_claims(claims, id_token)


def _fetch_token(metadata: Metadata, code: str, code_verifier: str) -> dict[str, Any]:
    try:
        with _session() as session:
            token = session.fetch_token(
                metadata.token_endpoint, code=code, code_verifier=code_verifier, timeout=conf.timeout()
            )
    except requests.RequestException as exc:
        raise EidUnavailable(f"token: {type(exc).__name__}: {exc}") from exc
    except ValueError as exc:  # not JSON
        raise EidUnavailable(f"token: {type(exc).__name__}") from exc
    except Exception as exc:
        raise refused(f"token: {type(exc).__name__}: {exc}") from exc
    return dict(token)


def verify_id_token(id_token: str, metadata: Metadata, *, nonce: str) -> dict[str, Any]:
    """Check the ID token's signature (the provider's JWKS) and its ``iss``, ``aud``, ``exp``, ``nonce``."""
    keys = _get_json(metadata.jwks_uri, what="jwks")
    try:
        key_set = KeySet.import_key_set(keys)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise EidUnavailable(f"jwks: {type(exc).__name__}") from exc
    try:
        token = jwt.decode(id_token, key_set, algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": metadata.issuer},
            aud={"essential": True, "value": conf.client_id()},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise refused(f"id_token: {type(exc).__name__}: {exc}") from exc
    claims = dict(token.claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != conf.client_id():
        raise refused("id_token: azp")  # OIDC Core §3.1.3.7 item 5
    return claims


def level_of(value: Any) -> int:
    """The e-ID level from the level claim: a value ending in 2 (``2``, ``level2``, ``urn:…:loa:2``) is
    level 2, ending in 1 is level 1; anything else 0 (unknown; Decree 69/2024/NĐ-CP knows levels 1 and 2)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value if value in (1, 2) else 0
    match = LEVEL_RE.search(str(value or "").strip())
    return int(match.group(1)) if match else 0


def identity_from_claims(claims: dict[str, Any], id_token: str) -> Identity:
    """Map the provider's claims (names from ``MOTCUA_OIDC_CLAIM_*``) to an ``Identity``."""
    personal_id = str(claims.get(conf.claim_personal_id()) or "").strip()
    if not re.fullmatch(r"\d{12}", personal_id):
        raise EidRefused(
            _("Tài khoản định danh điện tử không cung cấp số định danh cá nhân hợp lệ."), detail="personal_id"
        )
    birth: date | None = None
    raw_birth = str(claims.get(conf.claim_birthdate()) or "").strip()
    if raw_birth:
        try:
            birth = date.fromisoformat(raw_birth[:10])
        except ValueError:
            birth = None
    return Identity(
        subject=str(claims["sub"]),
        personal_id=personal_id,
        full_name=" ".join(str(claims.get(conf.claim_name()) or "").split())[:200],
        birth_date=birth,
        level=level_of(claims.get(conf.claim_level())),
        id_token=id_token,
    )


def logout_url(id_token: str) -> str:
    """The provider's RP-initiated logout URL for the session of ``id_token`` (empty: it has none)."""
    metadata = discover()
    if not metadata.end_session_endpoint:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": conf.post_logout_redirect_uri(),
            "client_id": conf.client_id(),
        }
    )
    joiner = "&" if "?" in metadata.end_session_endpoint else "?"
    return f"{metadata.end_session_endpoint}{joiner}{query}"
