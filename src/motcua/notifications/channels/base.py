"""What a channel backend is, and the two kinds of failure it reports."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from motcua.notifications.models import Notification


class DeliveryError(Exception):
    """The provider did not accept the message. Temporary: retry later."""


class PermanentDeliveryError(DeliveryError):
    """The provider refused the message for good (bad address, unapproved template): no retry."""


class Backend(Protocol):
    #: True when the provider recognises a repeated request by our reference (``Notification.reference``)
    #: and does not send twice; only then is a send interrupted mid-call repeated.
    idempotent: bool

    def send(self, notification: Notification) -> str:
        """Send the message; return the provider's message id, or raise ``DeliveryError``."""
        ...


def post_json(url: str, body: dict[str, Any], *, headers: dict[str, str], timeout: float) -> tuple[int, dict[str, Any]]:
    """POST ``body`` as JSON; return (HTTP status, decoded JSON answer). Network errors are temporary."""
    if not url.startswith(("http://", "https://")):
        raise PermanentDeliveryError(f"bad provider URL {url!r}")
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (OSError, TimeoutError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    try:
        answer = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    return status, answer
