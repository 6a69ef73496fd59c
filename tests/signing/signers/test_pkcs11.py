"""The ``pkcs11`` signer plugin against SoftHSM (Debian softhsm2): keys on a token, signatures that verify."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from motcua.core import plugins
from motcua.signing import signers
from motcua.signing.services import sign_pdf, verify_pdf
from tests.signing.conftest import pdfsig

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN = "motcua-test", "246810"


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SoftHSM token holding the demo personal and organisation keys and certificates, and the root."""
    if not (Path(MODULE).exists() and shutil.which("softhsm2-util")):
        pytest.skip("SoftHSM (Debian softhsm2) is needed")
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    directory = tmp_path_factory.mktemp("softhsm")
    (directory / "tokens").mkdir()
    config = directory / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(config)  # read when the module is first loaded, in this process
    run = ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", PIN]
    subprocess.run(run, check=True, capture_output=True)
    certs = []
    for number, who in enumerate(("personal", "organisation"), start=1):
        key, cert, extra = pkcs12.load_key_and_certificates(pki.p12(who).read_bytes(), pki.passphrase.encode())
        assert key is not None and cert is not None
        pem = directory / f"{who}.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        subprocess.run(
            [
                "softhsm2-util",
                "--import",
                str(pem),
                "--token",
                TOKEN,
                "--label",
                who,
                "--id",
                f"0{number}",
                "--pin",
                PIN,
            ],
            check=True,
            capture_output=True,
        )
        pem.unlink()
        certs.append((who, bytes([number]), cert))
    with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        for label, key_id, cert in [*certs, ("root", b"\x09", extra[0])]:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: key_id,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )
    return TOKEN


@pytest.fixture
def on_token(settings, token):
    settings.MOTCUA_SIGNING_PKCS11_MODULE = MODULE
    settings.MOTCUA_SIGNING_PKCS11_TOKEN = token
    settings.MOTCUA_SIGNING_PKCS11_PIN = PIN


def test_health_finds_both_keys_on_the_token(on_token) -> None:
    health = plugins.get(plugins.Kind.SIGNER, "pkcs11").health()
    assert health.ok, health.detail
    assert "personal: Common Name: Nguyễn Văn An" in health.detail


def test_health_without_configuration_or_with_a_missing_label(settings, on_token) -> None:
    settings.MOTCUA_SIGNING_PKCS11_ORGANISATION_LABEL = "nobody"
    health = plugins.get(plugins.Kind.SIGNER, "pkcs11").health()
    assert not health.ok and "labelled 'nobody'" in health.detail
    settings.MOTCUA_SIGNING_PKCS11_MODULE = ""
    health = plugins.get(plugins.Kind.SIGNER, "pkcs11").health()
    assert health == plugins.Health(False, "not configured: MOTCUA_SIGNING_PKCS11_MODULE")


def test_a_signature_made_on_the_token_verifies(pki, on_token, result_pdf, nss_db, tmp_path) -> None:
    source = signers.source("pkcs11")
    signed = sign_pdf(
        result_pdf,
        signer=source.signer("personal"),
        position="Chủ tịch",
        tsa_url=pki.tsa_url,
        trust_roots=[pki.root_cert],
    )
    signed = sign_pdf(
        signed,
        signer=source.signer("organisation"),
        kind="organisation",
        tsa_url=pki.tsa_url,
        trust_roots=[pki.root_cert],
    )
    report = verify_pdf(signed, trust_roots=[pki.root_cert], fetch=False)
    assert report.valid and [s.signer_common_name for s in report.signatures] == [
        "Nguyễn Văn An",
        "Ủy ban nhân dân phường Hoàn Kiếm",
    ]
    assert all(s.ltv and s.timestamp_trusted for s in report.signatures)
    out = pdfsig(nss_db, signed, tmp_path)
    assert out.count("Signature is Valid.") == 2 and out.count("Certificate is Trusted.") == 2, out
