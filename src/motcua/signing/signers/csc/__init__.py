"""A remote signing service speaking the Cloud Signature Consortium API v2 (ký số từ xa).

This is how Vietnamese officials sign today: the key stays with the service, and each signature
request waits until the signer approves it on their phone. pyHanko's ``CSCSigner`` embeds the
signature; this module reaches the service:

- authentication: a bearer token (``MOTCUA_SIGNING_CSC_TOKEN``), else an OAuth2 client credentials
  grant (``POST /oauth2/token`` with the client id and secret; the token is kept until it expires);
- ``POST /csc/v2/credentials/list`` (the health check), ``POST /csc/v2/credentials/info`` (the
  certificate chain and the key's algorithms, read once per signer with pyHanko's parser);
- ``POST /csc/v2/signatures/signHash`` with one hash, waiting at most ``MOTCUA_SIGNING_CSC_TIMEOUT``
  seconds for the approval. The approval on the device stands for the signature activation data
  (no ``credentials/authorize`` step); a CSC error (``{"error", "error_description"}``) becomes a
  clear error: ``SignatureRefused``, ``SignatureTimedOut``, ``UnknownCredential``, else
  ``SigningUnavailable``. Nothing is signed then, and ``sign_pdf`` returns no document.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from asn1crypto import algos
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.csc_signer import (
    CSCAuthorizationInfo,
    CSCAuthorizationManager,
    CSCCredentialInfo,
    CSCServiceSessionInfo,
    CSCSigner,
    _process_certificate_info_response,
    base64_digest,
)

from motcua.core import loops
from motcua.signing.errors import SignatureRefused, SignatureTimedOut, SigningUnavailable, UnknownCredential

API = "v2"
# CSC error codes (CSC API v2, 11.1) that mean the signer said no on their device.
REFUSED = frozenset({"access_denied", "signature_refused", "user_refused"})


@dataclass(frozen=True)
class Service:
    """Where the service is and how to authenticate to it."""

    url: str
    token: str = ""
    client_id: str = ""
    client_secret: str = ""
    timeout: float = 10.0  # the calls other than signHash
    sign_timeout: float = 120.0  # signHash: the signer's approval

    def endpoint(self, name: str) -> str:
        return f"{self.url}/csc/{API}/{name}"


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


async def _post(
    url: str,
    *,
    payload: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
    token: str = "",
    timeout: float,
) -> tuple[int, Any]:
    """POST and read a JSON answer: (status, data). Unreachable, timeout and non-JSON raise here."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.post(url, json=payload, data=form, headers=headers) as response,
        ):
            raw = await response.read()
            status = response.status
    except TimeoutError:
        raise  # the caller words it (a signHash waiting for the signer, or a service too slow)
    except (aiohttp.ClientConnectionError, OSError) as exc:
        raise SigningUnavailable(f"CSC service {_host(url)} unreachable: {type(exc).__name__}: {exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SigningUnavailable(f"CSC service {_host(url)} answered HTTP {status} that is not JSON") from exc
    return status, data


def _error(status: int, data: Any) -> tuple[str, str]:
    if isinstance(data, dict):
        return str(data.get("error", "")), str(data.get("error_description", ""))
    return "", ""


_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


async def access_token(service: Service) -> str:
    """The bearer token: the configured one, else one from the OAuth2 client credentials grant."""
    if service.token:
        return service.token
    if not service.client_id:
        return ""
    key = (service.url, service.client_id, service.client_secret)
    cached = _tokens.get(key)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    url = f"{service.url}/oauth2/token"
    try:
        status, data = await _post(
            url,
            form={
                "grant_type": "client_credentials",
                "client_id": service.client_id,
                "client_secret": service.client_secret,
            },
            timeout=service.timeout,
        )
    except TimeoutError as exc:
        raise SigningUnavailable(f"CSC service {_host(url)} did not answer within {service.timeout:g} s") from exc
    if status != 200 or not isinstance(data, dict) or not data.get("access_token"):
        code, description = _error(status, data)
        raise SigningUnavailable(f"CSC OAuth2 token refused (HTTP {status} {code}: {description})".strip())
    lifetime = float(data.get("expires_in") or 3600)
    _tokens[key] = (str(data["access_token"]), time.monotonic() + max(lifetime - 30, 0))
    return str(data["access_token"])


async def call(service: Service, name: str, body: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
    """One CSC API call; its JSON object, or the clear error of the CSC error it answered."""
    wait = service.timeout if timeout is None else timeout
    url = service.endpoint(name)
    try:
        status, data = await _post(url, payload=body, token=await access_token(service), timeout=wait)
    except TimeoutError as exc:
        detail = f"CSC {name} at {_host(url)}: no answer within {wait:g} s"
        if name == "signatures/signHash":
            raise SignatureTimedOut(wait, detail) from exc
        raise SigningUnavailable(detail) from exc
    if status == 200 and isinstance(data, dict):
        return data
    code, description = _error(status, data)
    if status == 401:  # a token the service no longer accepts: the next call asks for a new one
        _tokens.pop((service.url, service.client_id, service.client_secret), None)
    detail = f"CSC {name}: HTTP {status} {code}: {description}".strip()
    if code in REFUSED:
        raise SignatureRefused(detail)
    if code == "invalid_request" and "credentialid" in description.casefold():
        raise UnknownCredential(str(body.get("credentialID", "")), detail)
    raise SigningUnavailable(detail)


def run(coroutine: Any) -> Any:
    """Run a coroutine of this module from synchronous code (Django's services; core/loops.py)."""
    return loops.outside_loop(lambda: asyncio.run(coroutine))


def credential_info(service: Service, credential_id: str) -> CSCCredentialInfo:
    """``credentials/info``: the certificate chain (the signer's first) and the key's algorithms."""
    if not credential_id:
        raise SigningUnavailable("no CSC credential configured (MOTCUA_SIGNING_CSC_CREDENTIAL_ID)")
    data = run(
        call(
            service,
            "credentials/info",
            {"credentialID": credential_id, "certificates": "chain", "certInfo": False, "authInfo": True},
        )
    )
    try:
        return _process_certificate_info_response(data)
    except SigningError as exc:
        raise SigningUnavailable(f"CSC credentials/info of {credential_id!r}: {exc}") from exc


def credential_ids(service: Service) -> list[str]:
    """``credentials/list``: the ids of the credentials this client may use."""
    data = run(call(service, "credentials/list", {"maxResults": 100}))
    ids = data.get("credentialIDs")
    if not isinstance(ids, list):
        raise SigningUnavailable("CSC credentials/list answered without credentialIDs")
    return [str(i) for i in ids]


class ApprovalOnDevice(CSCAuthorizationManager):
    """The signer approves each signHash on their device: no signature activation data (SAD) is sent."""

    async def authorize_signature(self, hash_b64s: list[str]) -> CSCAuthorizationInfo:
        return CSCAuthorizationInfo(sad="")


class RemoteSigner(CSCSigner):
    """pyHanko's ``CSCSigner`` whose signHash speaks CSC API v2 and maps CSC errors to ours."""

    def __init__(self, service: Service, credential_id: str, info: CSCCredentialInfo) -> None:
        session_info = CSCServiceSessionInfo(service_url=service.url, credential_id=credential_id, api_ver=API)
        super().__init__(
            session=None,  # type: ignore[arg-type]  # each request opens its own session in signHash's loop
            auth_manager=ApprovalOnDevice(session_info, info),
            sign_timeout=int(service.sign_timeout),
        )
        self.service = service
        self.credential_id = credential_id

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:
            return bytes(self.est_raw_signature_size)
        digest = base64_digest(data, digest_algorithm)
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)  # type: ignore[no-untyped-call]
        auth = await self.auth_manager.authorize_signature([digest])
        body: dict[str, Any] = {
            "credentialID": self.credential_id,
            "hashes": [digest],
            "hashAlgorithmOID": algos.DigestAlgorithmId(digest_algorithm).dotted,
            "signAlgo": mechanism["algorithm"].dotted,
        }
        if auth.sad:
            body["SAD"] = auth.sad
        if mechanism["parameters"].native is not None:
            body["signAlgoParams"] = base64.b64encode(mechanism["parameters"].dump()).decode("ascii")
        answer = await call(self.service, "signatures/signHash", body, timeout=self.service.sign_timeout)
        signatures = answer.get("signatures")
        if not isinstance(signatures, list) or len(signatures) != 1:
            raise SigningUnavailable("CSC signHash answered without exactly one signature")
        try:
            return base64.b64decode(str(signatures[0]), validate=True)
        except ValueError as exc:
            raise SigningUnavailable("CSC signHash answered a signature that is not base64") from exc


def open_signer(service: Service, credential_id: str) -> RemoteSigner:
    """A pyHanko signer of the remote credential (its certificates read now: a bad id fails here)."""
    return RemoteSigner(service, credential_id, credential_info(service, credential_id))
