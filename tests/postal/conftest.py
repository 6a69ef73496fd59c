"""Fixtures of the postal tests: the peer ``motcua sim post`` as a separate process on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import peers
from tests.peers import PeerProcess


class Peer(PeerProcess):
    def orders(self) -> list[dict[str, Any]]:
        return list(self.call("/_sim/orders", timeout=20))


@pytest.fixture
def post_peer(live_server: Any, settings: Any) -> Iterator[Peer]:
    webhook = f"{live_server.url}/buu-chinh/webhook/vnpost"
    url, process = peers.start("post", "--slow-seconds", "2", "--webhook-url", webhook)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_POST_URL = url
    settings.MOTCUA_POST_TIMEOUT = 1.0
    try:
        yield Peer(url=url, process=process)
    finally:
        peers.stop(process)
