"""Fixtures of the payment tests: a dossier waiting for its fees (status 6) and the gateway
simulator, a separate process (``motcua sim paygate``) shared by the session, against the live server."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.services import lifecycle
from tests import peers
from tests.helpers import as_, submit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Simulator:
    url: str
    process: subprocess.Popen[bytes]

    def log(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.url}/_sim/log", timeout=5) as r:  # noqa: S310 - local test peer
            return list(json.loads(r.read()))

    def mode(self, mode: str, slow_seconds: float = 2.0) -> None:
        """Switch the fault mode of the gateway API (``POST /_sim/mode``)."""
        data = json.dumps({"mode": mode, "slow_seconds": slow_seconds}).encode()
        request = urllib.request.Request(f"{self.url}/_sim/mode", data=data, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as r:  # noqa: S310 - local test peer
            assert json.loads(r.read()) == {"mode": mode}


@pytest.fixture
def fee_dossier(world: Any) -> Any:
    """A T.001 dossier (fee 10,000 VND, payment before processing) received: status fee_requested (6)."""
    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True)
    return lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))


@pytest.fixture
def paygate(live_server: Any, settings: Any, peer_pool: peers.Pool) -> Simulator:
    """The session's ``motcua sim paygate`` process, wired to the live server, reset for this test."""
    ipn = f"{live_server.url}/api/v1/payments/callback/vnpay-style"
    shared = peer_pool.take("paygate", "--test-faults", "--ipn-url", ipn)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_PAYGATE_A_URL = f"{shared.url}/national"
    settings.MOTCUA_PAYGATE_B_URL = f"{shared.url}/vnpay"
    return Simulator(url=shared.url, process=shared.process)
