"""The gateway peer ``motcua sim lgsp``: one process on a free port for the session, reset for each test."""

from __future__ import annotations

from typing import Any

import pytest

from tests import peers
from tests.peers import PeerProcess


class Peer(PeerProcess):
    def log(self) -> list[dict[str, Any]]:
        return list(self.call("/_sim/log", timeout=5))


@pytest.fixture
def lgsp(settings: Any, peer_pool: peers.Pool) -> Peer:
    """The session's gateway peer, reset for this test (tests/peers.py ``Pool``)."""
    shared = peer_pool.take("lgsp")
    settings.MOTCUA_LGSP_URL = shared.url
    return Peer(url=shared.url, process=shared.process)
