"""The gateway peer ``motcua sim lgsp`` run as its own process on a free port (its first line names it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Peer:
    url: str
    process: subprocess.Popen[bytes]

    def _post(self, path: str, data: dict[str, Any]) -> Any:
        request = urllib.request.Request(  # noqa: S310 - local test peer
            f"{self.url}{path}",
            data=json.dumps(data).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as r:  # noqa: S310 - local test peer
            return json.loads(r.read())

    def mode(self, mode: str, **extra: Any) -> None:
        self._post("/_sim/mode", {"mode": mode, **extra})

    def log(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.url}/_sim/log", timeout=5) as r:  # noqa: S310 - local test peer
            return list(json.loads(r.read()))


@pytest.fixture
def lgsp(settings: Any) -> Iterator[Peer]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua", "sim", "lgsp", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    first = process.stdout.readline().decode()
    found = re.search(r"http://[\d.]+:\d+", first)
    if not found:
        process.kill()
        raise RuntimeError(f"peer did not start: {first}")
    settings.MOTCUA_LGSP_URL = found.group(0)
    try:
        yield Peer(url=found.group(0), process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)
