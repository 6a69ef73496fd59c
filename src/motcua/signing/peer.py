"""The local peer of the demo PKI (``motcua sim pki``): a real HTTP server, not a mock.

- ``GET /crl/root.crl``: the root's CRL (DER, ``application/pkix-crl``), signed afresh at each
  request (this update now, next update in a week), listing the demo's revoked certificate;
- ``POST /tsa`` (``application/timestamp-query``): an RFC 3161 time-stamp authority answering
  ``application/timestamp-reply``, signed with the demo TSA key;
- ``GET /ca/root.pem``: the root certificate;
- ``POST /_sim/mode {"mode": "ok|down|slow|garbage"}``, ``GET /health`` (core/peer_server.py).
"""

from __future__ import annotations

import datetime as dt

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.core.peer_server import PeerHandler, PeerServer
from motcua.signing import pki as demo_pki


class PkiPeer(PeerServer):
    def __init__(self, address: tuple[str, int], pki: demo_pki.DemoPki, *, slow_seconds: float = 5.0) -> None:
        super().__init__(address, Handler, slow_seconds=slow_seconds)
        self.pki = pki
        self.root = demo_pki.load_cert(pki.root_cert)
        self.root_key = demo_pki.load_key(pki.root_key)
        tsa_key = demo_pki.load_key(pki.tsa_key)
        self.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(
                demo_pki.load_cert(pki.tsa_cert).public_bytes(serialization.Encoding.DER)
            ),
            tsa_key=keys.PrivateKeyInfo.load(
                tsa_key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            certs_to_embed=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [asn1_x509.Certificate.load(self.root.public_bytes(serialization.Encoding.DER))]
            ),
        )

    def crl_der(self) -> bytes:
        crl = demo_pki.make_crl(self.root, self.root_key, self.pki.revoked_serials(), now=dt.datetime.now(dt.UTC))
        return crl.public_bytes(serialization.Encoding.DER)


class Handler(PeerHandler):
    server: PkiPeer

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.common_get():
            return
        if self.fault({"error": "unavailable"}):
            return
        if self.route == "/crl/root.crl":
            self.reply(200, self.server.crl_der(), "application/pkix-crl")
        elif self.route == "/ca/root.pem":
            self.reply(200, self.server.pki.root_cert.read_bytes(), "application/x-pem-file")
        else:
            self.json({"error": "not found"}, 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("Content-Length") or 0)
        if self.route == "/_sim/mode":
            self.set_mode(self.json_body())
            return
        body = self.rfile.read(length) if length else b""
        if self.route != "/tsa":
            self.json({"error": "not found"}, 404)
            return
        if self.fault({"error": "unavailable"}):
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/timestamp-query":
            self.json({"error": "Content-Type must be application/timestamp-query"}, 415)
            return
        try:
            request = tsp.TimeStampReq.load(body)
            answer = self.server.stamper.request_tsa_response(request)
        except (ValueError, TypeError):
            self.json({"error": "not a TimeStampReq"}, 400)
            return
        self.reply(200, answer.dump(), "application/timestamp-reply")


def make_server(host: str, port: int, pki: demo_pki.DemoPki, *, slow_seconds: float = 5.0) -> PkiPeer:
    return PkiPeer((host, port), pki, slow_seconds=slow_seconds)
