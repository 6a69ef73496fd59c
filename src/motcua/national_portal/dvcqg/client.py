"""Our client of the national portal's exchange API (direct HTTPS, bearer token; see ``dvcqg/__init__``).

Direct to the portal rather than through the LGSP gateway (``motcua.exchange.gateway``): the
portal's exchange API is reached by each province's one-stop system over its own connection in
practice; pointing ``MOTCUA_DVCQG_URL`` at a gateway route that forwards to it works the same.
Every failure is a ``PortalError`` (down, slow, garbage: retry) or a ``PortalRefused`` (the portal
answered with an ``error_code`` other than "0": retrying the same message cannot help).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.national_portal import conf
from motcua.national_portal.dvcqg import OK

MAX_FILE = 50 * 1024 * 1024


class PortalError(DomainError):
    """The portal could not be reached or answered nonsense: try again later."""

    default_code = "national_portal_unavailable"
    http_status = 502


class PortalRefused(DomainError):
    """The portal answered with an error code: the message itself is refused."""

    default_code = "national_portal_refused"
    http_status = 422


def _check_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise PortalError(_("Địa chỉ Cổng Dịch vụ công quốc gia không hợp lệ."), details={"url": url})
    return url


def _open(request: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=conf.timeout()) as response:  # noqa: S310 - http(s), checked
            return int(response.status), response.read(MAX_FILE + 1)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise PortalError(
                _("Cổng Dịch vụ công quốc gia đang gián đoạn (HTTP %(status)s). Hệ thống sẽ tự gửi lại.")
                % {"status": exc.code}
            ) from None
        return exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PortalError(
            _("Không kết nối được Cổng Dịch vụ công quốc gia (%(error)s). Hệ thống sẽ tự gửi lại.")
            % {"error": type(exc).__name__}
        ) from None


def _headers() -> dict[str, str]:
    return {
        "Accept": "application/json",
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {conf.token()}",
    }


def call(
    method: str, path: str, body: dict[str, Any] | None = None, query: dict[str, str] | None = None
) -> dict[str, Any]:
    """One call of the exchange API; returns the answer when its ``error_code`` is "0"."""
    url = _check_url(conf.url() + path + (("?" + urllib.parse.urlencode(query)) if query else ""))
    data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=_headers())  # noqa: S310 - checked
    status, raw = _open(request)
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or "error_code" not in answer:
        raise PortalError(_("Cổng Dịch vụ công quốc gia trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
    if str(answer["error_code"]) != OK:
        raise PortalRefused(
            _("Cổng Dịch vụ công quốc gia từ chối: %(message)s") % {"message": str(answer.get("message", ""))[:300]},
            details={"error_code": str(answer["error_code"]), "http_status": status},
        )
    return answer


def fetch_file(link: str) -> bytes:
    """Download a submitted file the portal links to (its own store): the same token, at most 50 MiB."""
    request = urllib.request.Request(_check_url(link), headers={"Authorization": f"Bearer {conf.token()}"})  # noqa: S310
    status, raw = _open(request)
    if status != 200 or len(raw) > MAX_FILE:
        raise PortalError(_("Không tải được tệp hồ sơ từ Cổng Dịch vụ công quốc gia."), details={"link": link})
    return raw


class DVCQGClient:
    """What the national_portal services call (the plugin's ``client``)."""

    def new_dossiers(self, cursor: str) -> dict[str, Any]:
        return call("GET", "/api/hoso/moi", query={"cursor": cursor})

    def send_status(self, message: dict[str, Any]) -> dict[str, Any]:
        return call("POST", "/api/hoso/dongbo", message)

    def statuses(self, codes: list[str]) -> dict[str, Any]:
        return call("POST", "/api/hoso/tracuu", {"DanhSachMaHoSo": codes})

    def procedures(self) -> dict[str, Any]:
        return call("GET", "/api/tthc")

    def payments(self, cursor: str) -> dict[str, Any]:
        return call("GET", "/api/thanhtoan", query={"cursor": cursor})

    def file(self, link: str) -> bytes:
        return fetch_file(link)
