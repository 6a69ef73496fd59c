"""The gateway peer ``motcua sim lgsp`` run as its own process on a free port (its first line names it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import peers
from tests.peers import PeerProcess


class Peer(PeerProcess):
    def log(self) -> list[dict[str, Any]]:
        return list(self.call("/_sim/log", timeout=5))


@pytest.fixture
def lgsp(settings: Any) -> Iterator[Peer]:
    url, process = peers.start("lgsp")
    settings.MOTCUA_LGSP_URL = url
    try:
        yield Peer(url=url, process=process)
    finally:
        peers.stop(process)
