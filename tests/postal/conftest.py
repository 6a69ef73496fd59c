"""Fixtures of the postal tests: the peer ``motcua sim post`` as a separate process on a free port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.payments.conftest import free_port


@dataclass
class Peer:
    url: str
    process: subprocess.Popen[bytes]

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data else "GET")  # noqa: S310
        with urllib.request.urlopen(req, timeout=20) as r:  # noqa: S310 - local test peer
            return json.loads(r.read())

    def mode(self, mode: str) -> None:
        self.call("/_sim/mode", {"mode": mode})

    def orders(self) -> list[dict[str, Any]]:
        return list(self.call("/_sim/orders"))


@pytest.fixture
def post_peer(live_server: Any, settings: Any) -> Iterator[Peer]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "motcua",
            "sim",
            "post",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--slow-seconds",
            "2",
            "--webhook-url",
            f"{live_server.url}/buu-chinh/webhook/vnpost",
        ],
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
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_POST_URL = url
    settings.MOTCUA_POST_TIMEOUT = 1.0
    try:
        yield Peer(url=url, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
