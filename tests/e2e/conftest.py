"""Browser tests: Playwright drives Debian's Chromium against the live server.

- Chromium is /usr/bin/chromium (never `playwright install`). Without it the browser tests are
  skipped with a loud reason, unless MOTCUA_REQUIRE_BROWSER=1 (CI), where that is a failure.
- ``axe(page)`` runs axe-core from node_modules (npm install) and returns serious/critical
  violations. It is injected through the DevTools protocol, so the page's CSP stays strict.
- ``page`` fails the test on any console error (a CSP violation is one) or uncaught exception.
- ``shot(page, name)`` saves a screenshot under $MOTCUA_DATA_DIR/screenshots/.
- ``eid_live`` runs the e-ID peer (npm oidc-provider) for the live server and configures MotCua for
  it; ``lgsp`` runs the data-sharing gateway peer with its registers; ``log_in_with_eid`` walks
  the login from /dang-nhap/ through the provider's own form.
- ``LOCALES`` parametrizes a journey over the browser's language (vi-VN and en-US): the pages must
  stay Vietnamese either way. ``public_url`` makes the live server's address (a free port, never
  8000) the system's public address, as ``motcua up --port`` does, so e-mail links, QR codes and
  gateway returns lead back to it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from motcua.accounts.providers.vneid.plugin import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.accounts.vneid.conftest import PASSWORD as EID_PASSWORD
from tests.accounts.vneid.conftest import EidPeer, start_peer, stop_peer
from tests.exchange.conftest import lgsp  # noqa: F401  (the gateway peer fixture, MOTCUA_LGSP_URL wired)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright beside the live server thread

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    missing = [
        what
        for what, ok in [(CHROMIUM, Path(CHROMIUM).exists() or shutil.which(CHROMIUM)), (str(AXE), AXE.exists())]
        if not ok
    ]
    if not missing:
        return
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            reason = f"browser tests need {', '.join(missing)} (apt-get install chromium; npm install)"
            if REQUIRED:
                item.add_marker(pytest.mark.xfail(reason=reason, strict=True, run=False))
                raise pytest.UsageError(reason)
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def page(page: Any) -> Iterator[Any]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.set_default_timeout(15_000)
    yield page
    assert errors == [], errors


def axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the current page; return the serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'auto' || o === 'scroll') && a.scrollWidth > a.clientWidth) return a;
    }
    return null;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    const region = scrolls(el);
    if (region && region.tabIndex >= 0) continue;  // inside a region the keyboard can scroll
    const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes} → ${Math.round(r.right)}px`
             + (region ? ' (in a scrolling region the keyboard cannot reach)' : ''));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 8)};
}"""


def too_wide(page: Any) -> list[str]:
    """Return what sticks out of the viewport: the page's own width, and elements past its right edge.

    An element may be wider than the screen only inside a scrolling region that the keyboard can
    reach (tabindex); everything else must reflow.
    """
    info = page.evaluate(OVERFLOW_JS)
    problems = list(info["out"])
    if info["scrollWidth"] > info["width"]:
        problems.insert(0, f"page is {info['scrollWidth']}px wide for a {info['width']}px screen")
    return problems


def shot(page: Any, name: str) -> Path:
    folder = Path(settings.DATA_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


LOCALES = [
    pytest.param(locale, marks=pytest.mark.browser_context_args(locale=locale), id=locale)
    for locale in ("vi-VN", "en-US")
]


@pytest.fixture
def public_url(live_server: Any, settings: Any) -> str:
    """The live server's own address as MOTCUA_PUBLIC_URL; it is on a free port, not 8000."""
    url = str(live_server.url)
    assert urlsplit(url).port not in (None, 8000), url
    settings.MOTCUA_PUBLIC_URL = url
    return url


def in_vietnamese(page: Any) -> None:
    """The page is Vietnamese whatever the browser's language (Accept-Language)."""
    assert page.locator("html").get_attribute("lang") == "vi", page.url


def log_in_from_home(page: Any, base: str, username: str, password: str) -> None:
    """Open the home page and log in through the header's link, as a person does."""
    page.goto(base + "/")
    in_vietnamese(page)
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.wait_for_url(base + "/dang-nhap/**")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


@pytest.fixture
def eid_live(live_server: Any, settings: Any) -> Iterator[EidPeer]:
    """The e-ID peer with its client registered for the live server's callback, and MotCua wired to it."""
    peer = start_peer(live_server.url)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_OIDC_ISSUER = peer.url
    settings.MOTCUA_OIDC_CLIENT_ID = DEMO_CLIENT_ID
    settings.MOTCUA_OIDC_CLIENT_SECRET = DEMO_CLIENT_SECRET
    try:
        yield peer
    finally:
        stop_peer(peer)


def log_in_with_eid(page: Any, base: str, peer: EidPeer, personal_id: str, password: str = EID_PASSWORD) -> None:
    """From /dang-nhap/, the e-ID button, the provider's own form; back on the account page."""
    page.goto(base + "/dang-nhap/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.wait_for_url(re.compile("^" + re.escape(peer.url) + "/interaction/"))
    page.fill("#personal_id", personal_id)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/tai-khoan/")
