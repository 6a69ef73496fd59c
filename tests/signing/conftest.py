"""The demo PKI and its peer (``motcua sim pki``) once per test session, and signed PDFs per module."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import weasyprint

from motcua.signing import pki as demo_pki
from motcua.signing.signers import SignatureKind
from motcua.signing.signers.pkcs12 import load
from tests import peers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pki_peer(tmp_path_factory: pytest.TempPathFactory):
    """The demo PKI in a folder of its own, its CRL and TSA served by the peer on a free port.

    The port is chosen first: the certificates name the CRL's URL.
    """
    port = free_port()
    made = demo_pki.ensure_demo_pki(tmp_path_factory.mktemp("pki") / "pki", f"http://127.0.0.1:{port}")
    url, process = peers.start("pki", "--pki-dir", str(made.directory), port=port)
    assert url == made.base_url
    yield made, peers.PeerProcess(url, process)
    peers.stop(process)


@pytest.fixture(scope="session")
def csc(pki):
    """The remote signing peer (``motcua sim csc``) on a free port, holding the session PKI's demo keys."""
    url, process = peers.start("csc", "--pki-dir", str(pki.directory))
    yield peers.PeerProcess(url, process)
    peers.stop(process)


@pytest.fixture
def remote(settings, pki, csc):
    """The csc plugin configured for the peer (its demo bearer token), the peer back to approving after."""
    from motcua.signing.signers.csc import peer as csc_peer

    settings.MOTCUA_SIGNING_CSC_URL = csc.url
    settings.MOTCUA_SIGNING_CSC_TOKEN = csc_peer.DEMO_TOKEN
    settings.MOTCUA_SIGNING_CSC_CLIENT_ID = ""
    settings.MOTCUA_SIGNING_CSC_CLIENT_SECRET = ""
    settings.MOTCUA_SIGNING_CSC_CREDENTIAL_ID = "demo-personal"
    settings.MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID = "demo-organisation"
    settings.MOTCUA_SIGNING_CSC_TIMEOUT = 5.0
    settings.MOTCUA_SIGNING_TSA_URL = pki.tsa_url
    csc.mode("ok")
    yield csc
    csc.mode("ok")


@pytest.fixture(scope="session")
def pki(pki_peer) -> demo_pki.DemoPki:
    return pki_peer[0]


@pytest.fixture(scope="session")
def nss_db(pki, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An NSS database trusting the demo root, for ``pdfsig -nssdir`` (stack.md pitfall 7)."""
    if not shutil.which("certutil") or not shutil.which("pdfsig"):
        pytest.skip("certutil (libnss3-tools) and pdfsig (poppler-utils) are needed")
    directory = tmp_path_factory.mktemp("nss")
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{directory}",
            "-n",
            "motcua-demo-root",
            "-t",
            "CT,C,C",
            "-i",
            str(pki.root_cert),
        ],
        check=True,
    )
    return f"sql:{directory}"


@pytest.fixture
def signing_on(settings, pki):
    """The issue signs results with the demo PKI's PKCS#12 files, its TSA, and trusts its root."""
    settings.MOTCUA_SIGNING_SIGN_RESULTS = True
    settings.MOTCUA_SIGNING_SIGNER = "pkcs12"
    settings.MOTCUA_SIGNING_PKCS12_PERSONAL = str(pki.p12("personal"))
    settings.MOTCUA_SIGNING_PKCS12_ORGANISATION = str(pki.p12("organisation"))
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_TSA_URL = pki.tsa_url
    settings.MOTCUA_SIGNING_TRUST_ROOTS = (str(pki.root_cert),)


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    """A result made as the system makes its forms: HTML by WeasyPrint."""
    html = (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'></head><body>"
        "<h1>GIẤY KHAI SINH</h1><p>Họ, chữ đệm, tên: Lê Minh Khang</p></body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


def signer_of(pki: demo_pki.DemoPki, who: str):
    return load(pki.p12(who), pki.passphrase)


def sign(pki: demo_pki.DemoPki, pdf: bytes, who: str = "personal", **kwargs) -> bytes:
    from motcua.signing.services import sign_pdf

    kind: SignatureKind = "organisation" if who == "organisation" else "personal"
    return sign_pdf(
        pdf,
        signer=signer_of(pki, who),
        kind=kind,
        tsa_url=pki.tsa_url,
        trust_roots=[pki.root_cert],
        **kwargs,
    )


@pytest.fixture(scope="session")
def signed_once(pki, result_pdf) -> bytes:
    return sign(pki, result_pdf, position="Chủ tịch", body=demo_pki.AGENCY)


@pytest.fixture(scope="session")
def signed_twice(pki, signed_once) -> bytes:
    return sign(pki, signed_once, "organisation", extra_lines=["Số: 15/GKS-UBND, ngày 04/12/2026"])


def pdfsig(nss_db: str, pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfsig", "-nssdir", nss_db, str(path)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr
