"""The ``csc`` signer plugin against its peer (``motcua sim csc``): the signer approves, refuses, never answers."""

from __future__ import annotations

import pytest

from motcua.core import plugins
from motcua.signing import signers
from motcua.signing.errors import SignatureRefused, SignatureTimedOut, SigningUnavailable, UnknownCredential
from motcua.signing.services import sign_pdf, verify_pdf
from motcua.signing.signers.csc import peer as csc_peer
from tests.signing.conftest import pdfsig


def _sign(pki, pdf: bytes, kind="personal") -> bytes:
    return sign_pdf(
        pdf,
        signer=signers.source("csc").signer(kind),
        kind=kind,
        tsa_url=pki.tsa_url,
        trust_roots=[pki.root_cert],
    )


def _outcomes(csc) -> list[str]:
    return [r["outcome"] for r in csc.call("/_sim/log")["requests"]]


@pytest.fixture(scope="module")
def remote_signed(pki, csc, result_pdf) -> bytes:
    """Personal then organisation signatures, both made by the peer, through client credentials."""
    with pytest.MonkeyPatch.context() as mp:
        from django.conf import settings

        for name, value in {
            "MOTCUA_SIGNING_CSC_URL": csc.url,
            "MOTCUA_SIGNING_CSC_TOKEN": "",
            "MOTCUA_SIGNING_CSC_CLIENT_ID": csc_peer.DEMO_CLIENT_ID,
            "MOTCUA_SIGNING_CSC_CLIENT_SECRET": csc_peer.DEMO_CLIENT_SECRET,
            "MOTCUA_SIGNING_CSC_CREDENTIAL_ID": "demo-personal",
            "MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID": "demo-organisation",
            "MOTCUA_SIGNING_CSC_TIMEOUT": 5.0,
        }.items():
            mp.setattr(settings, name, value, raising=False)
        once = _sign(pki, result_pdf)
        return _sign(pki, once, "organisation")


def test_registered_with_its_peer() -> None:
    plugin = plugins.get(plugins.Kind.SIGNER, "csc")
    assert plugin.peer is not None and plugin.peer.name == "csc" and plugin.peer.command == "csc_sim"
    assert plugins.served_by("csc") == [plugin]


def test_a_pdf_signed_through_the_peer_verifies_with_pyhanko(pki, remote_signed) -> None:
    report = verify_pdf(remote_signed, trust_roots=[pki.root_cert], fetch=False)
    assert report.valid, [s.problem for s in report.signatures]
    personal, organisation = report.signatures
    assert personal.signer_common_name == "Nguyễn Văn An" and personal.trusted and personal.timestamp is not None
    assert organisation.signer_common_name == "Ủy ban nhân dân phường Hoàn Kiếm" and organisation.ltv


def test_a_pdf_signed_through_the_peer_verifies_with_pdfsig(nss_db, remote_signed, tmp_path) -> None:
    out = pdfsig(nss_db, remote_signed, tmp_path)
    assert out.count("Signature is Valid.") == 2, out
    assert out.count("Certificate is Trusted.") == 2, out
    assert "Nguyễn Văn An" in out


def test_a_refusal_on_the_phone_is_a_clear_error_and_signs_nothing(pki, remote, result_pdf) -> None:
    signer = signers.source("csc").signer("personal")
    before = len(_outcomes(remote))
    remote.mode("refuse")
    with pytest.raises(SignatureRefused) as caught:
        _sign_with(pki, signer, result_pdf)
    assert caught.value.code == "signature_refused" and caught.value.http_status == 409
    assert str(caught.value.message) == "Người ký đã từ chối yêu cầu ký trên thiết bị của mình; văn bản chưa được ký."
    assert "access_denied" in caught.value.details["reason"]
    assert _outcomes(remote)[before:] == ["refused"]


def _sign_with(pki, signer, pdf: bytes) -> bytes:
    return sign_pdf(pdf, signer=signer, tsa_url=pki.tsa_url, trust_roots=[pki.root_cert])


def test_a_signer_who_never_answers_times_out_with_a_clear_error(settings, pki, remote, result_pdf) -> None:
    settings.MOTCUA_SIGNING_CSC_TIMEOUT = 0.5
    signer = signers.source("csc").signer("personal")
    remote.mode("never")
    with pytest.raises(SignatureTimedOut) as caught:
        _sign_with(pki, signer, result_pdf)
    assert caught.value.code == "signature_timeout" and caught.value.http_status == 504
    assert str(caught.value.message) == "Người ký chưa xác nhận yêu cầu ký trong 0.5 giây; văn bản chưa được ký."


def test_a_service_that_is_down_or_unreachable_is_unavailable(settings, pki, remote, result_pdf) -> None:
    signer = signers.source("csc").signer("personal")
    remote.mode("down")
    with pytest.raises(SigningUnavailable, match="Không ký số được") as caught:
        _sign_with(pki, signer, result_pdf)
    assert "HTTP 503 temporarily_unavailable" in caught.value.details["reason"]
    settings.MOTCUA_SIGNING_CSC_URL = "http://127.0.0.1:9"
    with pytest.raises(SigningUnavailable) as caught:
        signers.source("csc").signer("personal")
    assert caught.value.details["reason"].startswith("CSC service 127.0.0.1:9 unreachable")


def test_an_unknown_credential_is_a_clear_error(settings, remote) -> None:
    settings.MOTCUA_SIGNING_CSC_CREDENTIAL_ID = "nobody"
    with pytest.raises(UnknownCredential) as caught:
        signers.source("csc").signer("personal")
    assert str(caught.value.message) == "Dịch vụ ký số từ xa không có chứng thư số “nobody” đã cấu hình."
    assert caught.value.code == "unknown_credential"


def test_a_wrong_token_or_client_secret_is_refused(settings, remote) -> None:
    settings.MOTCUA_SIGNING_CSC_TOKEN = "wrong"
    with pytest.raises(SigningUnavailable, match="Không ký số được") as caught:
        signers.source("csc").signer("personal")
    assert "HTTP 401 invalid_token" in caught.value.details["reason"]
    settings.MOTCUA_SIGNING_CSC_TOKEN = ""
    settings.MOTCUA_SIGNING_CSC_CLIENT_ID = csc_peer.DEMO_CLIENT_ID
    settings.MOTCUA_SIGNING_CSC_CLIENT_SECRET = "wrong"
    with pytest.raises(SigningUnavailable) as caught:
        signers.source("csc").signer("personal")
    assert "token refused (HTTP 401 invalid_client" in caught.value.details["reason"]


def test_health_lists_the_credentials_and_their_holders(remote) -> None:
    health = plugins.get(plugins.Kind.SIGNER, "csc").health()
    assert health.ok, health.detail
    assert "personal: Common Name: Nguyễn Văn An" in health.detail
    assert "organisation: Common Name: Ủy ban nhân dân phường Hoàn Kiếm" in health.detail


def test_health_fails_when_not_configured_unlisted_or_down(settings, remote) -> None:
    settings.MOTCUA_SIGNING_CSC_ORGANISATION_CREDENTIAL_ID = "nobody"
    health = plugins.get(plugins.Kind.SIGNER, "csc").health()
    assert health == plugins.Health(False, "credential 'nobody' (organisation) not listed by the service")
    remote.mode("down")
    health = plugins.get(plugins.Kind.SIGNER, "csc").health()
    assert not health.ok and "HTTP 503" in health.detail
    settings.MOTCUA_SIGNING_CSC_URL = ""
    health = plugins.get(plugins.Kind.SIGNER, "csc").health()
    assert health == plugins.Health(False, "not configured: MOTCUA_SIGNING_CSC_URL")
