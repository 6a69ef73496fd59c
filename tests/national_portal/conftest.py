"""Fixtures of the national portal tests: the peer ``motcua sim dvcqg`` as a separate process on a free port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from motcua.core import clock, outbox
from motcua.core.models import OutboxMessage
from tests.payments.conftest import free_port


@dataclass
class Peer:
    url: str
    process: subprocess.Popen[bytes]

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data else "GET")  # noqa: S310
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - local test peer
            return json.loads(r.read())

    def mode(self, mode: str) -> None:
        self.call("/_sim/mode", {"mode": mode})

    def push(self, **hoso: Any) -> Any:
        return self.call("/_sim/push", hoso)

    def statuses(self, code: str) -> list[str]:
        return [m["HoSo"]["TrangThaiHoSo"] for m in self.call(f"/_sim/statuses/{code}")]

    def log(self) -> dict[str, Any]:
        return dict(self.call("/_sim/log"))


def start_peer(push_url: str, *extra: str) -> Peer:
    port = free_port()
    args = ["sim", "dvcqg", "--host", "127.0.0.1", "--port", str(port), "--push-url", push_url]
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua", *args, "--slow-seconds", "2", *extra],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    first = process.stdout.readline().decode()
    url = first.split()[0] if first.startswith("http") else ""
    if not url:
        process.kill()
        raise RuntimeError(f"peer did not start: {first}{process.stdout.read().decode()}")
    assert url == f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):  # noqa: S310 - local test peer
                break
        except OSError:
            time.sleep(0.1)
    return Peer(url=url, process=process)


def stop_peer(peer: Peer) -> None:
    peer.process.terminate()
    try:
        peer.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        peer.process.kill()
        peer.process.wait()
    assert peer.process.stdout is not None
    peer.process.stdout.close()


# The test catalogue's T.001 (tests/helpers.py): a commune procedure with a declaration and one paper.
TEST_PROCEDURE = ("--procedure", "T.001", "--agency", "H26.101", "--form", '{"purpose": "Xin xác nhận"}')


@pytest.fixture
def portal(live_server: Any, settings: Any) -> Iterator[Peer]:
    peer = start_peer(f"{live_server.url}/dvcqg/ho-so", *TEST_PROCEDURE, "--document", "TP1")
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_DVCQG_ENABLED = True
    settings.MOTCUA_DVCQG_URL = peer.url
    settings.MOTCUA_DVCQG_TIMEOUT = 1.0
    try:
        yield peer
    finally:
        stop_peer(peer)


def run_outbox(later: bool = False) -> None:
    if later:  # past every backoff
        OutboxMessage.objects.filter(status="pending").update(next_attempt_at=clock.now() - timedelta(seconds=1))
    outbox.deliver_due(limit=200)


@pytest.fixture
def controller(world: Any) -> Any:
    """An officer of TTHC control (kiểm soát TTHC), who reads the sync log and sends again."""
    from motcua.organisation.services import role_grant
    from tests.helpers import make_user

    user = make_user("kiemsoat", full_name="Cao Thị Yến")
    role_grant(user=user, agency=world.commune, role="tthc_control")
    world.users["kiemsoat"] = user
    return user
