"""The two payment gateways as plugins: registered with their settings, health checks, local peer."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core import plugins
from motcua.core.plugins import Health, Kind


@pytest.fixture
def listening() -> Iterator[int]:
    """A port something listens on, standing for a gateway that answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield int(server.getsockname()[1])


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as server:
        return int(server.getsockname()[1])


def test_both_gateways_are_registered_with_their_settings_and_the_simulator() -> None:
    assert plugins.registry(Kind.PAYMENT_GATEWAY).names() == ["gateway_a", "gateway_b"]
    a, b = plugins.get(Kind.PAYMENT_GATEWAY, "gateway_a"), plugins.get(Kind.PAYMENT_GATEWAY, "gateway_b")
    assert (str(a.title), str(b.title)) == ("Cổng thanh toán quốc gia", "Cổng thanh toán trực tuyến")
    assert a.settings[:3] == ("MOTCUA_PAYGATE_A_URL", "MOTCUA_PAYGATE_A_MERCHANT", "MOTCUA_PAYGATE_A_SECRET")
    assert b.settings[:3] == ("MOTCUA_PAYGATE_B_URL", "MOTCUA_PAYGATE_B_MERCHANT", "MOTCUA_PAYGATE_B_SECRET")
    assert a.peer is b.peer and a.peer is not None and (a.peer.name, a.peer.command) == ("paygate", "paygate_sim")


@pytest.mark.parametrize(("name", "key"), [("gateway_a", "A"), ("gateway_b", "B")])
def test_a_gateway_that_answers_is_healthy_and_the_demo_secret_is_named(
    settings: Any, listening: int, name: str, key: str
) -> None:
    setattr(settings, f"MOTCUA_PAYGATE_{key}_URL", f"http://127.0.0.1:{listening}/x")
    assert plugins.get(Kind.PAYMENT_GATEWAY, name).health() == Health(
        True, f"127.0.0.1:{listening} reachable; demo secret (set MOTCUA_PAYGATE_{key}_SECRET)"
    )
    setattr(settings, f"MOTCUA_PAYGATE_{key}_SECRET", "a-real-secret")
    assert plugins.get(Kind.PAYMENT_GATEWAY, name).health() == Health(True, f"127.0.0.1:{listening} reachable")


@pytest.mark.parametrize(("name", "key"), [("gateway_a", "A"), ("gateway_b", "B")])
def test_a_gateway_that_does_not_answer_or_lacks_its_merchant_code_is_not(settings: Any, name: str, key: str) -> None:
    port = closed_port()
    setattr(settings, f"MOTCUA_PAYGATE_{key}_URL", f"http://127.0.0.1:{port}/x")
    health = plugins.get(Kind.PAYMENT_GATEWAY, name).health()
    assert not health.ok and health.detail.startswith(f"127.0.0.1:{port} unreachable")
    setattr(settings, f"MOTCUA_PAYGATE_{key}_MERCHANT", "")
    assert plugins.get(Kind.PAYMENT_GATEWAY, name).health() == Health(
        False, f"not configured: MOTCUA_PAYGATE_{key}_MERCHANT"
    )


def test_check_integrations_reports_the_gateways(settings: Any, listening: int) -> None:
    settings.MOTCUA_PAYGATE_A_URL = f"http://127.0.0.1:{listening}/national"
    settings.MOTCUA_PAYGATE_B_URL = f"http://127.0.0.1:{closed_port()}/vnpay"
    out = io.StringIO()
    with pytest.raises(CommandError, match="1/2"):
        call_command("check-integrations", "--kind", "payment_gateway", stdout=out)
    a, b = out.getvalue().splitlines()
    assert a.startswith("payment_gateway    gateway_a      OK   Cổng thanh toán quốc gia: 127.0.0.1:")
    assert b.startswith("payment_gateway    gateway_b      LỖI  Cổng thanh toán trực tuyến: 127.0.0.1:")
