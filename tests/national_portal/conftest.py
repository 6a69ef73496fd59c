"""Fixtures of the national portal tests: the peer ``motcua sim dvcqg``, a separate process on a free port."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from motcua.core import clock, outbox
from motcua.core.models import OutboxMessage
from tests import peers
from tests.peers import PeerProcess


class Peer(PeerProcess):
    def push(self, **hoso: Any) -> Any:
        return self.call("/_sim/push", hoso)

    def statuses(self, code: str) -> list[str]:
        return [m["HoSo"]["TrangThaiHoSo"] for m in self.call(f"/_sim/statuses/{code}")]

    def log(self) -> dict[str, Any]:
        return dict(self.call("/_sim/log"))


def start_peer(push_url: str, *extra: str) -> Peer:
    url, process = peers.start("dvcqg", "--push-url", push_url, "--slow-seconds", "2", *extra)
    return Peer(url=url, process=process)


def stop_peer(peer: Peer) -> None:
    peers.stop(peer.process)


# The test catalogue's T.001 (tests/helpers.py): a commune procedure with a declaration and one paper.
TEST_PROCEDURE = ("--procedure", "T.001", "--agency", "H26.101", "--form", '{"purpose": "Xin xác nhận"}')


@pytest.fixture
def portal(live_server: Any, settings: Any, peer_pool: peers.Pool) -> Peer:
    """The session's portal peer (tests/peers.py ``Pool``), reset for this test and wired to the live server."""
    push_url = f"{live_server.url}/dvcqg/ho-so"
    args = ("--push-url", push_url, "--slow-seconds", "2", *TEST_PROCEDURE, "--document", "TP1")
    shared = peer_pool.take("dvcqg", *args)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_DVCQG_ENABLED = True
    settings.MOTCUA_DVCQG_URL = shared.url
    settings.MOTCUA_DVCQG_TIMEOUT = 1.0
    return Peer(url=shared.url, process=shared.process)


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
