"""The local demo PKI (hạ tầng khóa công khai thử nghiệm): a root CA, signing certificates, a TSA, a CRL.

For the demo and the tests only: ``ensure_demo_pki(directory, base_url)`` makes, once, a root CA
("MotCua Demo Root CA"), a personal certificate of an official (name, position, agency), an
organisation certificate of the agency, a revoked personal certificate, and a timestamping (TSA)
certificate, each with a CRL distribution point ``{base_url}/crl/root.crl``; the keys of the
signing certificates as PKCS#12 files under one passphrase. Every file is 0600. A second call
loads what is there (idempotent). The peer ``motcua sim pki`` (``signing/peer.py``) serves the
CRL (signed afresh at each request, so it never expires) and answers RFC 3161 timestamp requests
with the TSA key. Production uses the certificates of a licensed CA (Decree 23/2025) and
``MOTCUA_SIGNING_TRUST_ROOTS``; none of this.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_NAME = "MotCua Demo Root CA"
# A public demo passphrase (the demo keys are public anyway: they sign nothing real).
DEMO_PASSPHRASE = "motcua-demo-pki"  # noqa: S105 - a public demo value
PERSON = ("Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân phường Hoàn Kiếm")
REVOKED_PERSON = ("Trần Thị Bình", "Phó Chủ tịch", "Ủy ban nhân dân phường Hoàn Kiếm")
AGENCY = "Ủy ban nhân dân phường Hoàn Kiếm"
META = "pki.json"


@dataclass(frozen=True)
class DemoPki:
    """Where the demo PKI's files are (``directory``) and the URL its certificates name."""

    directory: Path
    base_url: str
    passphrase: str = DEMO_PASSPHRASE

    @property
    def root_cert(self) -> Path:
        return self.directory / "root.pem"

    @property
    def root_key(self) -> Path:
        return self.directory / "root.key"

    @property
    def tsa_cert(self) -> Path:
        return self.directory / "tsa.pem"

    @property
    def tsa_key(self) -> Path:
        return self.directory / "tsa.key"

    @property
    def crl(self) -> Path:
        return self.directory / "root.crl"

    def p12(self, who: str) -> Path:
        """The PKCS#12 file of ``personal``, ``organisation`` or ``revoked``."""
        return self.directory / f"{who}.p12"

    @property
    def crl_url(self) -> str:
        return crl_url(self.base_url)

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/tsa"

    def revoked_serials(self) -> list[int]:
        return [int(s) for s in json.loads((self.directory / META).read_text())["revoked"]]


def crl_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/crl/root.crl"


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only (0600), created so from the start."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    path.chmod(0o600)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common: str, *, position: str = "", organisation: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if position:
        attrs.append(x509.NameAttribute(NameOID.TITLE, position))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(attrs)


def _cert(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    *,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    now: dt.datetime,
    ca: bool = False,
    tsa: bool = False,
    base_url: str = "",
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650 if ca else 1825))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca and not tsa,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        ).add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url(base_url))], None, None, None)]
            ),
            critical=False,
        )
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def make_crl(
    root: x509.Certificate, root_key: rsa.RSAPrivateKey, revoked: list[int], *, now: dt.datetime
) -> x509.CertificateRevocationList:
    """The root's CRL listing ``revoked`` (serial numbers), valid from now for a week."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(now - dt.timedelta(days=1))
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    return builder.sign(root_key, hashes.SHA256())


def ensure_demo_pki(directory: Path, base_url: str) -> DemoPki:
    """Make the demo PKI in ``directory`` unless it is there; the same files on every later call.

    ``base_url`` (the peer ``motcua sim pki``) goes into the certificates' CRL distribution point at
    creation; an existing PKI keeps the URL it was made with (``DemoPki.base_url``).
    """
    meta = directory / META
    if meta.exists():
        return DemoPki(directory, str(json.loads(meta.read_text())["base_url"]))
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    pki = DemoPki(directory, base_url)
    now = dt.datetime.now(dt.UTC)
    root_key = _key()
    root_name = _name(ROOT_NAME, organisation="MotCua Demo")
    root = _cert(root_name, root_key, issuer=root_name, issuer_key=root_key, now=now, ca=True)
    pem = serialization.Encoding.PEM
    _write(pki.root_cert, root.public_bytes(pem))
    _write(pki.root_key, _key_pem(root_key))
    tsa_key = _key()
    tsa = _cert(
        _name("MotCua Demo TSA", organisation="MotCua Demo"),
        tsa_key,
        issuer=root_name,
        issuer_key=root_key,
        now=now,
        tsa=True,
        base_url=base_url,
    )
    _write(pki.tsa_cert, tsa.public_bytes(pem))
    _write(pki.tsa_key, _key_pem(tsa_key))
    subjects = {
        "personal": _name(PERSON[0], position=PERSON[1], organisation=PERSON[2]),
        "organisation": _name(AGENCY, organisation=AGENCY),
        "revoked": _name(REVOKED_PERSON[0], position=REVOKED_PERSON[1], organisation=REVOKED_PERSON[2]),
    }
    revoked: list[int] = []
    for who, subject in subjects.items():
        key = _key()
        cert = _cert(subject, key, issuer=root_name, issuer_key=root_key, now=now, base_url=base_url)
        if who == "revoked":
            revoked.append(cert.serial_number)
        blob = pkcs12.serialize_key_and_certificates(
            who.encode(), key, cert, [root], serialization.BestAvailableEncryption(pki.passphrase.encode())
        )
        _write(pki.p12(who), blob)
    _write(pki.crl, make_crl(root, root_key, revoked, now=now).public_bytes(serialization.Encoding.DER))
    _write(meta, json.dumps({"base_url": base_url, "revoked": [str(s) for s in revoked]}).encode())
    return pki


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path}: not an RSA key")
    return key


def load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())
