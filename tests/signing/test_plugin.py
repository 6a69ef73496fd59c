"""The ``pkcs12`` signer plugin: registered with the pki peer, its health check, its signer."""

from __future__ import annotations

import pytest

from motcua.core import plugins
from motcua.signing import signers


def _configure(settings, pki) -> None:
    settings.MOTCUA_SIGNING_PKCS12_PERSONAL = str(pki.p12("personal"))
    settings.MOTCUA_SIGNING_PKCS12_ORGANISATION = str(pki.p12("organisation"))
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_TSA_URL = pki.tsa_url


def test_registered_with_the_pki_peer() -> None:
    plugin = plugins.get(plugins.Kind.SIGNER, "pkcs12")
    assert plugin.peer is not None and plugin.peer.name == "pki" and plugin.peer.command == "pki_sim"
    assert plugins.served_by("pki") == [plugin, plugins.get(plugins.Kind.SIGNER, "pkcs11")]


def test_health_is_ok_when_the_keys_open_and_the_tsa_answers(settings, pki) -> None:
    _configure(settings, pki)
    health = plugins.get(plugins.Kind.SIGNER, "pkcs12").health()
    assert health.ok, health.detail
    assert "personal: Common Name: Nguyễn Văn An" in health.detail and "TSA 127.0.0.1" in health.detail


def test_health_fails_on_a_wrong_passphrase_a_missing_file_or_no_tsa(settings, pki, tmp_path) -> None:
    _configure(settings, pki)
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = "wrong"
    health = plugins.get(plugins.Kind.SIGNER, "pkcs12").health()
    assert not health.ok and "cannot be opened" in health.detail
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_PKCS12_ORGANISATION = str(tmp_path / "none.p12")
    health = plugins.get(plugins.Kind.SIGNER, "pkcs12").health()
    assert not health.ok and "not found" in health.detail
    _configure(settings, pki)
    settings.MOTCUA_SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"
    health = plugins.get(plugins.Kind.SIGNER, "pkcs12").health()
    assert not health.ok and health.detail.startswith("TSA 127.0.0.1:9 unreachable")


def test_production_without_files_is_not_configured(settings) -> None:
    settings.MOTCUA_DEMO = False
    settings.MOTCUA_SIGNING_PKCS12_PERSONAL = ""
    health = plugins.get(plugins.Kind.SIGNER, "pkcs12").health()
    assert health == plugins.Health(False, "not configured: the personal PKCS#12 file")


def test_the_source_gives_each_kind_its_key(settings, pki) -> None:
    _configure(settings, pki)
    source = signers.source("pkcs12")
    assert source.signer("personal").signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    organisation = source.signer("organisation").signing_cert.subject.native["common_name"]
    assert organisation == "Ủy ban nhân dân phường Hoàn Kiếm"


def test_demo_mode_makes_and_uses_the_demo_pki(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    settings.MOTCUA_DEMO = True
    settings.MOTCUA_SIGNING_PKCS12_PERSONAL = ""
    settings.MOTCUA_SIGNING_PKCS12_ORGANISATION = ""
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = ()
    signer = signers.source("pkcs12").signer("personal")
    assert signer.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    from motcua.signing import conf

    assert conf.trust_roots() == [tmp_path / "signing" / "pki" / "root.pem"]


def test_the_configured_source_is_the_named_plugin(settings) -> None:
    settings.MOTCUA_SIGNING_SIGNER = "pkcs11"
    assert signers.configured() is plugins.get(plugins.Kind.SIGNER, "pkcs11").client
    settings.MOTCUA_SIGNING_SIGNER = "csc"
    assert signers.configured() is plugins.get(plugins.Kind.SIGNER, "csc").client
    settings.MOTCUA_SIGNING_SIGNER = "nope"
    with pytest.raises(plugins.UnknownPlugin, match="known: csc, pkcs12, pkcs11"):
        signers.configured()


def test_the_command_makes_the_demo_pki_once(settings, tmp_path) -> None:
    import io

    from django.core.management import call_command

    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("signing_pki", stdout=out)
    root = (tmp_path / "signing" / "pki" / "root.pem").read_bytes()
    call_command("signing_pki", stdout=out)
    assert (tmp_path / "signing" / "pki" / "root.pem").read_bytes() == root
    assert out.getvalue().count("/crl/root.crl") == 2
