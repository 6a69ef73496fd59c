"""Fixtures of the payment tests: a dossier waiting for its fees (status 6) and the gateway
simulator started as a separate process (``motcua paygate_sim``) against the live server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.services import lifecycle
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
def paygate(live_server: Any, settings: Any) -> Iterator[Simulator]:
    """Start ``motcua paygate_sim`` in its own process, wired to the live server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "motcua",
            "paygate_sim",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--test-faults",
            "--ipn-url",
            f"{live_server.url}/api/v1/payments/callback/vnpay-style",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as r:  # noqa: S310 - local test peer
                if json.loads(r.read())["ok"]:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                out = process.stdout.read().decode() if process.stdout else ""
                process.kill()
                raise RuntimeError(f"simulator did not start: {out}") from None
            time.sleep(0.1)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_PAYGATE_A_URL = f"{url}/national"
    settings.MOTCUA_PAYGATE_B_URL = f"{url}/vnpay"
    try:
        yield Simulator(url=url, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
