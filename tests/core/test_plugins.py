"""The plugin registries of integrations (core.plugins): register, look up, check, peers."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core import plugins
from motcua.core.plugins import Health, Kind, Peer, Plugin, Registry, UnknownPeer, UnknownPlugin

ECHO = Peer(name="echo", help="a test stand-in", command="check")


def plugin(
    name: str = "demo-id",
    kind: Kind = Kind.IDENTITY_PROVIDER,
    *,
    health: Health | None = None,
    peer: Peer | None = None,
) -> Plugin:
    return Plugin(
        kind=kind,
        name=name,
        title=f"Test {name}",
        settings=("MOTCUA_TEST_URL",),
        check=lambda: health or Health(True, "fine"),
        peer=peer,
    )


@pytest.fixture
def registered() -> Iterator[list[Plugin]]:
    """Plugins registered in the global registries for one test, removed after it."""
    added: list[Plugin] = []
    yield added
    for p in added:
        plugins.registry(p.kind).unregister(p.name)


def add(registered: list[Plugin], p: Plugin) -> Plugin:
    registered.append(plugins.register(p))
    return p


def test_a_registry_holds_its_kind_by_name_in_order() -> None:
    reg = Registry(Kind.SIGNER)
    first, second = reg.register(plugin("usb-token", Kind.SIGNER)), reg.register(plugin("remote", Kind.SIGNER))
    assert reg.get("usb-token") is first and reg.get("remote") is second
    assert reg.names() == ["usb-token", "remote"] and list(reg) == [first, second]
    assert "remote" in reg and "other" not in reg


def test_a_plugin_of_another_kind_or_a_second_of_one_name_is_refused() -> None:
    reg = Registry(Kind.SIGNER)
    with pytest.raises(ValueError, match="is a lookup, not a signer"):
        reg.register(plugin("population", Kind.LOOKUP))
    reg.register(plugin("usb-token", Kind.SIGNER))
    with pytest.raises(ValueError, match="already registered"):
        reg.register(plugin("usb-token", Kind.SIGNER))


def test_an_unknown_name_says_which_names_exist() -> None:
    reg = Registry(Kind.POSTAL_OPERATOR)
    with pytest.raises(UnknownPlugin, match=r"no postal_operator plugin named 'vnpost' \(known: none\)"):
        reg.get("vnpost")
    reg.register(plugin("buu-dien", Kind.POSTAL_OPERATOR))
    with pytest.raises(UnknownPlugin, match=r"named 'vnpost' \(known: buu-dien\)") as caught:
        reg.get("vnpost")
    assert (caught.value.kind, caught.value.name, caught.value.known) == (Kind.POSTAL_OPERATOR, "vnpost", ["buu-dien"])
    with pytest.raises(LookupError, match="no plugin kind 'fax'"):
        plugins.registry("fax")


def test_every_kind_of_the_integrations_to_come_has_a_registry() -> None:
    assert {k.value for k in Kind} == {
        "identity_provider",
        "lookup",
        "exchange",
        "signer",
        "payment_gateway",
        "postal_operator",
    }
    assert set(plugins.REGISTRIES) == set(Kind)


def test_lookup_by_kind_and_name_in_the_global_registries(registered: list[Plugin]) -> None:
    p = add(registered, plugin("vneid-test", Kind.IDENTITY_PROVIDER))
    assert plugins.get(Kind.IDENTITY_PROVIDER, "vneid-test") is p
    assert plugins.get("identity_provider", "vneid-test") is p
    with pytest.raises(UnknownPlugin):
        plugins.get(Kind.EXCHANGE, "vneid-test")  # the same name in another kind is another plugin
    assert p in plugins.all_plugins()


def test_health_checks_report_ok_failure_and_a_crash_as_a_failure(registered: list[Plugin]) -> None:
    def crashes() -> Health:
        raise ConnectionError("DNS down")

    good = add(registered, plugin("good", Kind.LOOKUP, health=Health(True, "answers")))
    bad = add(registered, plugin("bad", Kind.LOOKUP, health=Health(False, "not configured: MOTCUA_TEST_URL")))
    broken = add(registered, Plugin(kind=Kind.LOOKUP, name="broken", title="Broken", settings=(), check=crashes))
    results = dict(plugins.check_all())
    assert results[good] == Health(True, "answers")
    assert results[bad] == Health(False, "not configured: MOTCUA_TEST_URL")
    assert results[broken] == Health(False, "ConnectionError: DNS down")


def test_configured_names_the_empty_settings() -> None:
    assert plugins.configured({"A": "x", "B": "y"}) is None
    assert plugins.configured({"A": "", "B": "  ", "C": "z"}) == Health(False, "not configured: A, B")


def test_reachable_opens_a_tcp_connection_only() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        assert plugins.reachable(f"http://127.0.0.1:{port}/national", timeout=2) == Health(
            True, f"127.0.0.1:{port} reachable"
        )
    closed = plugins.reachable(f"http://127.0.0.1:{port}/national", timeout=2)
    assert not closed.ok and closed.detail.startswith(f"127.0.0.1:{port} unreachable (ConnectionRefusedError")
    assert plugins.reachable("ftp://example.vn/", timeout=2) == Health(False, "not an http(s) URL: 'ftp://example.vn/'")


def test_peers_are_listed_once_with_the_plugins_they_stand_in_for(registered: list[Plugin]) -> None:
    a = add(registered, plugin("one", Kind.EXCHANGE, peer=ECHO))
    b = add(registered, plugin("two", Kind.EXCHANGE, peer=ECHO))
    assert plugins.peers()["echo"] is ECHO
    assert plugins.peer("echo") is ECHO and plugins.served_by("echo") == [a, b]
    with pytest.raises(
        UnknownPeer, match=r"no local peer named 'nope' \(known: csc, dvcqg, echo, eid, lgsp, paygate, pki, post\)"
    ):
        plugins.peer("nope")


# --- the commands ------------------------------------------------------------------------------


def test_sim_lists_the_local_peers_from_the_registries(registered: list[Plugin]) -> None:
    add(registered, plugin("one", Kind.EXCHANGE, peer=ECHO))
    out = io.StringIO()
    call_command("sim", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["csc", "dvcqg", "echo", "eid", "lgsp", "paygate", "pki", "post"]
    assert lines[2] == "echo         a test stand-in  [exchange/one]  (motcua check)"
    assert "[payment_gateway/gateway_a, payment_gateway/gateway_b]  (motcua paygate_sim)" in lines[5]
    assert lines[0].endswith("[signer/csc]  (motcua csc_sim)")
    assert lines[1].endswith("[exchange/dvcqg]  (motcua dvcqg_sim)")
    assert lines[3].endswith("[identity_provider/vneid]  (motcua eid_sim)")


def test_sim_with_an_unknown_name_fails_naming_the_known_ones() -> None:
    with pytest.raises(CommandError, match="“nope” \\(có: csc, dvcqg, eid, lgsp, paygate, pki, post\\)"):
        call_command("sim", "nope")


def test_sim_runs_the_peer_with_its_options() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "motcua", "sim", "paygate", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("Cổng thanh toán giả lập: http://127.0.0.1:") and ":8765/" not in line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_check_integrations_prints_each_check_and_fails_when_one_fails(
    registered: list[Plugin], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the test's plugins: the real signer (pkcs12, tests/signing) would look for its TSA.
    monkeypatch.setattr(plugins.registry(Kind.SIGNER), "_plugins", {})
    add(registered, plugin("good", Kind.SIGNER, health=Health(True, "token present")))
    out = io.StringIO()
    call_command("check-integrations", "--kind", "signer", stdout=out)
    assert out.getvalue().splitlines() == [
        "signer             good           OK   Test good: token present",
        "Mọi kết nối đạt (1).",
    ]
    add(registered, plugin("bad", Kind.SIGNER, health=Health(False, "certificate expired")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1/2 kết nối không đạt"):
        call_command("check-integrations", "--kind", "signer", stdout=out)
    assert "signer             bad            LỖI  Test bad: certificate expired" in out.getvalue().splitlines()
