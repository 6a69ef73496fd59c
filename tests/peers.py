"""The local peers (``motcua sim <name>``) as separate processes on free ports, for the tests.

A peer prints its base URL first (core/plugins.Peer); ``start`` reads it, waits for ``/health``
and returns a handle whose ``call`` speaks JSON to it and ``mode`` sets its fault mode
(core/peer_server.py). ``stop`` ends the process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

URL = re.compile(r"http://[\w.\-]+:\d+")


@dataclass
class PeerProcess:
    url: str
    process: subprocess.Popen[bytes]

    def call(self, path: str, body: dict[str, Any] | None = None, *, timeout: float = 30) -> Any:
        """GET ``path`` (no body) or POST ``body`` as JSON; the JSON answer."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - local test peer
            self.url + path,
            data=data,
            method="POST" if data is not None else "GET",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 - local test peer
            return json.loads(r.read())

    def mode(self, mode: str, **extra: Any) -> None:
        self.call("/_sim/mode", {"mode": mode, **extra})


def start(name: str, *args: str, port: int = 0, stderr: int | None = subprocess.STDOUT) -> tuple[str, Any]:
    """Run ``motcua sim <name> --host 127.0.0.1 --port <port> ARGS``; its URL and process, once it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua", "sim", name, "--host", "127.0.0.1", "--port", str(port), *args],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    assert process.stdout is not None
    first = process.stdout.readline().decode()
    found = URL.search(first)  # its own address comes first (the payment simulator words it in Vietnamese)
    if not found:
        process.kill()
        raise RuntimeError(f"peer {name} did not start: {first}{process.stdout.read().decode()}")
    url = found.group(0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):  # noqa: S310 - local test peer
                break
        except OSError:
            time.sleep(0.1)
    return url, process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


class Pool:
    """Peers started once per test session and reset (``POST /_sim/reset``) each time a test takes one.

    Starting a peer is a Python process that loads Django: seconds on a busy runner, paid by every
    test that started its own. A test that needs a fresh process (one it stops, or other arguments
    every time) keeps using ``start``/``stop``.
    """

    def __init__(self) -> None:
        self.running: dict[tuple[str, ...], PeerProcess] = {}

    def take(self, name: str, *args: str) -> PeerProcess:
        """The peer ``name`` started with ``args``, reset to a fresh start (started now if not yet, or if it died)."""
        key = (name, *args)
        peer = self.running.get(key)
        if peer is not None and peer.process.poll() is None:
            try:
                peer.call("/_sim/reset", {}, timeout=10)
                return peer
            except OSError:
                stop(peer.process)
        url, process = start(name, *args)
        peer = self.running[key] = PeerProcess(url=url, process=process)
        return peer

    def close(self) -> None:
        for peer in self.running.values():
            stop(peer.process)
        self.running.clear()
