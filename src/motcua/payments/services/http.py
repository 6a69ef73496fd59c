"""Server-to-server calls to the gateways (JSON over HTTP, stdlib only, with a timeout)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.payments import conf


class GatewayError(DomainError):
    """The gateway could not be reached or answered something we cannot use."""

    http_status = 502
    default_code = "gateway_error"


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST ``body`` as JSON to ``url`` and return the JSON answer, or raise GatewayError."""
    if not url.startswith(("http://", "https://")):
        raise GatewayError(_("Địa chỉ cổng thanh toán không hợp lệ."), details={"url": url})
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.gateway_timeout()) as response:  # noqa: S310 - http(s) only, checked above
            raw = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:  # down (an HTTP error too) or too slow
        raise GatewayError(
            _("Không kết nối được cổng thanh toán. Vui lòng thử lại sau."), details={"error": type(exc).__name__}
        ) from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError:
        answer = None
    if not isinstance(answer, dict):  # garbage: not a JSON object
        raise GatewayError(
            _("Cổng thanh toán trả lời không hợp lệ. Vui lòng thử lại sau."), details={"error": "garbage"}
        )
    return answer
