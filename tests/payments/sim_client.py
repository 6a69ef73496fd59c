"""Drive the simulator like a browser would: open the pay page, press a button, read the redirect."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get_page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - local test peer
        return str(r.read().decode("utf-8"))


def press(page_url: str, result: str, fault: str = "") -> str:
    """POST the pay page's form (as the buttons do) and return the Location of the redirect."""
    get_page(page_url)  # the browser lands on the gateway's page first
    parts = urllib.parse.urlsplit(page_url)
    action = f"{parts.scheme}://{parts.netloc}{parts.path}" if "/national/" in parts.path else None
    if action is None:  # gateway B: the form posts to /vnpay/pay/<vnp_TxnRef>
        ref = dict(urllib.parse.parse_qsl(parts.query))["vnp_TxnRef"]
        action = f"{parts.scheme}://{parts.netloc}/vnpay/pay/{ref}"
    data = urllib.parse.urlencode({"result": result, "fault": fault}).encode()
    try:
        _opener.open(urllib.request.Request(action, data=data, method="POST"), timeout=30)  # noqa: S310
    except urllib.error.HTTPError as exc:
        if exc.code == 303:
            return str(exc.headers["Location"])
        raise
    raise AssertionError("no redirect")
