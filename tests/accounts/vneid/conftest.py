"""Fixtures of the e-ID tests: the real OpenID provider (``motcua sim eid``, npm oidc-provider under
node) as a separate process on a free port, and a helper that walks its login form like a browser."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

from motcua.accounts.providers.vneid.plugin import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests import peers
from tests.peers import PeerProcess

ROOT = Path(__file__).resolve().parents[3]
PUBLIC = "http://testserver"  # MOTCUA_PUBLIC_URL in these tests: the Django test client's host
PASSWORD = "motcua-demo"


class EidPeer(PeerProcess):
    def events(self) -> list[dict[str, Any]]:
        return list(self.call("/_sim/events", timeout=20))


def start_peer(*redirect_bases: str, slow_seconds: float = 2.0) -> EidPeer:
    """Start ``motcua sim eid`` on a free port, its client registered for each base's callback."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the e-ID tests need the OpenID provider peer (npm oidc-provider)")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir() and shutil.which("npm") is None:
        pytest.skip("node_modules/oidc-provider is missing and npm is not installed")
    args = ["--client-id", DEMO_CLIENT_ID, "--client-secret", DEMO_CLIENT_SECRET, "--slow-seconds", str(slow_seconds)]
    for base in redirect_bases:
        args += ["--redirect-uri", f"{base}/oidc/callback/", "--post-logout-redirect-uri", f"{base}/"]
    url, process = peers.start("eid", *args, stderr=subprocess.DEVNULL)
    return EidPeer(url=url, process=process)


def stop_peer(peer: EidPeer) -> None:
    peers.stop(peer.process)


@pytest.fixture(scope="module")
def eid_process() -> Iterator[EidPeer]:
    peer = start_peer(PUBLIC)
    try:
        yield peer
    finally:
        stop_peer(peer)


@pytest.fixture
def eid_peer(eid_process: EidPeer, settings: Any) -> EidPeer:
    """The peer in mode ``ok``, and MotCua configured for it."""
    eid_process.mode("ok")
    settings.MOTCUA_PUBLIC_URL = PUBLIC
    settings.MOTCUA_OIDC_ISSUER = eid_process.url
    settings.MOTCUA_OIDC_CLIENT_ID = DEMO_CLIENT_ID
    settings.MOTCUA_OIDC_CLIENT_SECRET = DEMO_CLIENT_SECRET
    settings.MOTCUA_OIDC_TIMEOUT = 1.0
    return eid_process


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "id": a.get("id") or "", "fields": {}})
        elif tag == "input" and a.get("name") and self.forms:
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def at_provider(authorize_url: str, personal_id: str, password: str = PASSWORD, browser: Any = None) -> str:
    """Walk the provider from the authorization URL through its login form, like a browser; return
    the URL it sends the browser back to (our callback, with ``code`` and ``state``)."""
    browser = browser or requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    for _hop in range(10):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith(PUBLIC + "/"):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        assert response.status_code == 200, response.text[:500]
        form = next(f for f in forms_of(response.text) if f["action"].endswith("/login"))
        response = browser.post(
            urljoin(response.url, form["action"]),
            data={"personal_id": personal_id, "password": password},
            allow_redirects=False,
            timeout=10,
        )
    raise AssertionError("the provider did not send the browser back")


def callback_path(url: str) -> str:
    return url.removeprefix(PUBLIC)
