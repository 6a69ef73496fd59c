"""The base every local peer shares: health, the fault modes and their bad input (core/peer_server.py)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.core.peer_server import GARBAGE, PeerHandler, PeerServer


class EchoHandler(PeerHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if not self.common_get():
            self.json({"error": "unknown"}, 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        body = self.json_body()
        if self.route == "/_sim/mode":
            self.set_mode(body)
        elif not self.fault({"error": "down"}):
            self.json({"echo": body})


@pytest.fixture
def peer() -> Iterator[PeerServer]:
    server = PeerServer(("127.0.0.1", 0), EchoHandler, slow_seconds=0.3)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def post(peer: PeerServer, path: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{peer.url}{path}", data=body, method="POST")  # noqa: S310 - the local peer
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - the local peer
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def mode(peer: PeerServer, **body: Any) -> tuple[int, Any]:
    status, raw = post(peer, "/_sim/mode", json.dumps(body).encode())
    return status, json.loads(raw)


def test_health_names_the_mode(peer: PeerServer) -> None:
    with urllib.request.urlopen(f"{peer.url}/health?x=1", timeout=5) as response:  # noqa: S310
        assert json.loads(response.read()) == {"ok": True, "mode": "ok"}


def test_each_mode_answers_as_documented(peer: PeerServer) -> None:
    assert post(peer, "/call", b'{"a": 1}') == (200, b'{"echo": {"a": 1}}')
    assert post(peer, "/call", b"not json") == (200, b'{"echo": {}}')
    assert mode(peer, mode="down") == (200, {"mode": "down"})
    assert post(peer, "/call", b"{}") == (503, b'{"error": "down"}')
    assert mode(peer, mode="garbage")[0] == 200
    assert post(peer, "/call", b"{}") == (200, GARBAGE)
    assert mode(peer, mode="slow", slow_seconds=0.4) == (200, {"mode": "slow"})
    started = time.monotonic()
    assert post(peer, "/call", b"{}")[0] == 200
    assert time.monotonic() - started >= 0.4


def test_a_bad_mode_is_refused_and_changes_nothing(peer: PeerServer) -> None:
    assert mode(peer, mode="explode")[0] == 400
    assert mode(peer, mode="slow", slow_seconds="soon")[0] == 400
    assert (peer.mode, peer.slow_seconds) == ("ok", 0.3)
