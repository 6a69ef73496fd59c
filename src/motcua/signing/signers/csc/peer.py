"""The local peer of a remote signing service (``motcua sim csc``): CSC API v2 over real HTTP.

It holds the demo PKI's keys (``pki.py``): credential ``demo-personal`` (Nguyễn Văn An) and
``demo-organisation`` (the body), and signs hashes as a phone-approval service does: a signHash
request waits for the signer's answer on their device, which the mode decides:

- ``ok``: the signer approves (at once); ``refuse``: the signer refuses, HTTP 400
  ``{"error": "access_denied", ...}`` and nothing signed; ``never``: the signer never answers
  (the request stays open until the mode changes or ten minutes pass);
- the fault modes of every peer: ``down``, ``slow``, ``garbage`` (core/peer_server.py).

Endpoints: ``POST /oauth2/token`` (client credentials grant), ``POST /csc/v2/info``,
``POST /csc/v2/credentials/list``, ``POST /csc/v2/credentials/info``,
``POST /csc/v2/signatures/signHash``; every ``/csc/v2/`` call but ``info`` needs the bearer token
(the demo token, or one the token endpoint issued). ``GET /_sim/log`` lists the signHash requests
and their outcome (approved, refused, unanswered).
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from asn1crypto import algos
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs12

from motcua.core.peer_server import MODES, PeerHandler, PeerServer
from motcua.signing import pki as demo_pki

DEMO_TOKEN = "motcua-demo-csc-token"  # noqa: S105 - a public demo value
DEMO_CLIENT_ID = "motcua-demo"
DEMO_CLIENT_SECRET = "motcua-demo-csc-secret"  # noqa: S105 - a public demo value
CREDENTIALS = {"demo-personal": "personal", "demo-organisation": "organisation"}
NEVER_SECONDS = 600.0
HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}
# signAlgo OIDs the keys accept: sha*WithRSAEncryption and rsaEncryption (the hash named apart).
SIGN_ALGOS = ("1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.1")


@dataclass
class Credential:
    key: rsa.RSAPrivateKey
    chain: list[x509.Certificate]


class CscPeer(PeerServer):
    modes = (*MODES, "refuse", "never")

    def __init__(self, address: tuple[str, int], pki: demo_pki.DemoPki, *, slow_seconds: float = 5.0) -> None:
        super().__init__(address, Handler, slow_seconds=slow_seconds)
        self.credentials: dict[str, Credential] = {}
        root = demo_pki.load_cert(pki.root_cert)
        for credential_id, who in CREDENTIALS.items():
            key, cert, _extra = pkcs12.load_key_and_certificates(pki.p12(who).read_bytes(), pki.passphrase.encode())
            assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
            self.credentials[credential_id] = Credential(key, [cert, root])
        self.tokens = {DEMO_TOKEN}
        self.log: list[dict[str, Any]] = []
        self.log_lock = threading.Lock()

    def record(self, credential_id: str, outcome: str) -> None:
        with self.log_lock:
            self.log.append({"credentialID": credential_id, "outcome": outcome})


def csc_error(error: str, description: str) -> dict[str, str]:
    return {"error": error, "error_description": description}


class Handler(PeerHandler):
    server: CscPeer

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.common_get():
            return
        if self.route == "/_sim/log":
            with self.server.log_lock:
                self.json({"requests": list(self.server.log)})
            return
        self.json(csc_error("invalid_request", "not found"), 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.route == "/_sim/mode":
            self.set_mode(self.json_body())
            return
        if self.route == "/oauth2/token":
            self.token()
            return
        body = self.json_body()
        if self.fault(csc_error("temporarily_unavailable", "the signing service is unavailable")):
            return
        if self.route == "/csc/v2/info":
            self.json(
                {
                    "specs": "2.0.0.0",
                    "name": "MotCua CSC peer",
                    "methods": ["credentials/list", "credentials/info", "signatures/signHash"],
                    "authType": ["oauth2client", "external"],
                }
            )
            return
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in self.server.tokens:
            self.json(csc_error("invalid_token", "missing or unknown bearer token"), 401)
            return
        if self.route == "/csc/v2/credentials/list":
            self.json({"credentialIDs": list(self.server.credentials)})
        elif self.route == "/csc/v2/credentials/info":
            self.info(body)
        elif self.route == "/csc/v2/signatures/signHash":
            self.sign_hash(body)
        else:
            self.json(csc_error("invalid_request", "not found"), 404)

    def token(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace")) if length else {}
        field = {k: v[0] for k, v in form.items()}
        if field.get("grant_type") != "client_credentials":
            self.json(csc_error("unsupported_grant_type", "only client_credentials"), 400)
            return
        if (field.get("client_id"), field.get("client_secret")) != (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET):
            self.json(csc_error("invalid_client", "unknown client or wrong secret"), 401)
            return
        token = secrets.token_urlsafe(24)
        self.server.tokens.add(token)
        self.json({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def credential(self, body: dict[str, Any]) -> tuple[str, Credential | None]:
        credential_id = str(body.get("credentialID", ""))
        found = self.server.credentials.get(credential_id)
        if found is None:
            self.json(csc_error("invalid_request", "Invalid parameter credentialID"), 400)
        return credential_id, found

    def info(self, body: dict[str, Any]) -> None:
        _id, found = self.credential(body)
        if found is None:
            return
        certs = found.chain if body.get("certificates", "single") == "chain" else found.chain[:1]
        self.json(
            {
                "description": found.chain[0].subject.rfc4514_string(),
                "key": {"status": "enabled", "algo": list(SIGN_ALGOS), "len": found.key.key_size},
                "cert": {
                    "status": "valid",
                    "certificates": [
                        base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in certs
                    ],
                },
                "authMode": "explicit",
                "SCAL": "1",
                "multisign": 1,
            }
        )

    def sign_hash(self, body: dict[str, Any]) -> None:
        credential_id, found = self.credential(body)
        if found is None:
            return
        digests = body.get("hashes")
        hash_oid = str(body.get("hashAlgorithmOID", ""))
        sign_algo = str(body.get("signAlgo", ""))
        try:
            hash_name = algos.DigestAlgorithmId(hash_oid).native
            algorithm = HASHES[hash_name]
            values = [base64.b64decode(str(d), validate=True) for d in digests]  # type: ignore[union-attr]
        except (KeyError, ValueError, TypeError):
            self.json(csc_error("invalid_request", "Invalid parameter hashes or hashAlgorithmOID"), 400)
            return
        if sign_algo not in SIGN_ALGOS or not values or any(len(v) != algorithm.digest_size for v in values):
            self.json(csc_error("invalid_request", "Invalid parameter signAlgo or hash length"), 400)
            return
        # The request now waits for the signer's answer on their phone.
        if self.server.mode == "never":
            deadline = time.monotonic() + NEVER_SECONDS
            while self.server.mode == "never" and time.monotonic() < deadline:
                time.sleep(0.05)
            self.server.record(credential_id, "unanswered")
            self.close_connection = True
            return  # the connection closes without an answer
        if self.server.mode == "refuse":
            self.server.record(credential_id, "refused")
            self.json(csc_error("access_denied", "The signer refused the signature request"), 400)
            return
        signatures = [found.key.sign(v, padding.PKCS1v15(), utils.Prehashed(algorithm)) for v in values]
        self.server.record(credential_id, "approved")
        self.json({"signatures": [base64.b64encode(s).decode() for s in signatures]})


def make_server(host: str, port: int, pki: demo_pki.DemoPki, *, slow_seconds: float = 5.0) -> CscPeer:
    return CscPeer((host, port), pki, slow_seconds=slow_seconds)
