"""The demo PKI: made once, 0600 files, certificates naming the CRL; the peer serves the CRL and a TSA."""

from __future__ import annotations

import hashlib
import secrets
import stat
import urllib.error
import urllib.request

import pytest
from asn1crypto import algos, tsp
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from motcua.signing import pki as demo_pki


def test_the_pki_is_made_once_with_private_files(pki) -> None:
    files = sorted(p.name for p in pki.directory.iterdir())
    expected = ["organisation.p12", "personal.p12", "pki.json", "revoked.p12", "root.crl", "root.key", "root.pem"]
    assert files == sorted([*expected, "tsa.key", "tsa.pem"])
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in pki.directory.iterdir())
    root = pki.root_cert.read_bytes()
    again = demo_pki.ensure_demo_pki(pki.directory, "http://elsewhere.invalid")
    assert again == pki and pki.root_cert.read_bytes() == root  # kept, with the URL it was made with


def test_certificates_name_the_crl_and_the_tsa_may_only_timestamp(pki) -> None:
    root = demo_pki.load_cert(pki.root_cert)
    assert root.subject.rfc4514_string() == "CN=MotCua Demo Root CA,O=MotCua Demo,C=VN"
    tsa = demo_pki.load_cert(pki.tsa_cert)
    eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    points = tsa.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [n.value for p in points for n in p.full_name or ()] == [pki.crl_url]


def test_the_peer_serves_a_fresh_crl_listing_the_revoked_certificate(pki, pki_peer) -> None:
    with urllib.request.urlopen(pki.crl_url, timeout=10) as r:  # noqa: S310 - local test peer
        assert r.headers["Content-Type"] == "application/pkix-crl"
        crl = x509.load_der_x509_crl(r.read())
    root = demo_pki.load_cert(pki.root_cert)
    assert crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    assert [c.serial_number for c in crl] == pki.revoked_serials() and len(pki.revoked_serials()) == 1


def _tsa(pki, body: bytes, content_type: str = "application/timestamp-query") -> tuple[int, str, bytes]:
    request = urllib.request.Request(pki.tsa_url, data=body, headers={"Content-Type": content_type})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310 - local test peer
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_the_tsa_speaks_rfc_3161(pki, pki_peer) -> None:
    digest = hashlib.sha256(b"ket qua").digest()
    nonce = secrets.randbits(63)
    query = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": digest,
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    status, content_type, body = _tsa(pki, query.dump())
    assert (status, content_type) == (200, "application/timestamp-reply")
    answer = tsp.TimeStampResp.load(body)
    assert answer["status"]["status"].native == "granted"
    info = answer["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest and info["nonce"].native == nonce
    assert _tsa(pki, query.dump(), "application/json")[0] == 415
    assert _tsa(pki, b"not asn.1")[0] == 400


def test_the_peer_command_makes_the_pki_when_missing(tmp_path) -> None:
    from tests import peers

    url, process = peers.start("pki", "--pki-dir", str(tmp_path / "fresh"))
    try:
        assert (tmp_path / "fresh" / "root.pem").exists()
        with urllib.request.urlopen(f"{url}/ca/root.pem", timeout=10) as r:  # noqa: S310 - local test peer
            assert r.read() == (tmp_path / "fresh" / "root.pem").read_bytes()
    finally:
        peers.stop(process)


@pytest.mark.parametrize("mode", ["down"])
def test_a_tsa_that_is_down_stops_the_signing(pki, pki_peer, result_pdf, mode) -> None:
    from motcua.signing.errors import SigningUnavailable
    from tests.signing.conftest import sign

    pki_peer[1].mode(mode)
    try:
        with pytest.raises(SigningUnavailable) as caught:
            sign(pki, result_pdf)
    finally:
        pki_peer[1].mode("ok")
    assert caught.value.code == "signing_unavailable" and caught.value.http_status == 503
