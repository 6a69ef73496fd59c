"""The one gateway client for every outgoing call (X-Road REST conventions as the model).

A call is ``POST <gateway>/r1/<service id>`` with the headers named in ``HEADERS`` (settings-free
constants here, as the official LGSP/NDXP header names could not be consulted; docs/integrations/lgsp.md):
our client id, the service id, a message id (uuid4) and the user on whose behalf we ask. Every call
is timed out, passes a circuit breaker per service (``models.Breaker``, in the database so all
processes share it) and is written to the signed message log (``log.record``).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.exchange import conf, log
from motcua.exchange.models import Breaker

HEADERS = {
    "client": "X-Road-Client",
    "service": "X-Road-Service",
    "message_id": "X-Road-Id",
    "user_id": "X-Road-UserId",
    "purpose": "X-Road-Purpose",
}


class GatewayError(Exception):
    """A call that gave no usable answer; ``code`` says why, ``message`` says it in Vietnamese.

    ``message_id`` is the call's row in the message log (empty only for a call refused before one).
    """

    def __init__(self, code: str, message: str, *, status: int = 0, message_id: str = "") -> None:
        self.code, self.message, self.status, self.message_id = code, message, status, message_id
        super().__init__(f"{code}: {message}")


def header_value(text: str) -> str:
    """A header value HTTP can carry: UTF-8, percent-encoded (RFC 3986) where not printable ASCII.

    Header values are latin-1 on the wire; a Vietnamese purpose ("Tra cứu để giải quyết hồ sơ")
    would not encode. The receiver decodes with ``urllib.parse.unquote``.
    """
    return urllib.parse.quote(text, safe=" !#$&'()*+,-./:;=?@[]^_`{|}~")


@dataclass(frozen=True)
class Answer:
    status: int
    data: dict[str, Any]
    message_id: str
    response_hash: str


def _breaker_open(service: str) -> bool:
    """Whether the breaker of ``service`` is open (half-open once the reset delay has passed)."""
    row = Breaker.objects.filter(service=service).first()
    if row is None or row.opened_at is None:
        return False
    return timezone.now() < row.opened_at + timedelta(seconds=conf.breaker_reset_seconds())


def _breaker_result(service: str, ok: bool) -> None:
    with transaction.atomic():
        row, _created = Breaker.objects.select_for_update().get_or_create(service=service)
        if ok:
            row.failures, row.opened_at = 0, None
        else:
            row.failures += 1
            if row.failures >= conf.breaker_failures():
                row.opened_at = timezone.now()  # (re)opens; a failed half-open probe opens it again
        row.save()


def call(service: str, payload: dict[str, Any], *, user_id: str, purpose: str = "") -> Answer:
    """Call ``service`` (e.g. ``VN/GOV/000.00.00.H26/BCA/population``) on behalf of ``user_id``.

    Raise ``GatewayError`` (code ``open``, ``timeout``, ``down``, ``garbage``, ``refused``) with a
    Vietnamese message when no usable answer comes; every attempt is logged.
    """
    message_id = str(uuid.uuid4())
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    started, at = time.monotonic(), timezone.now()
    entry: dict[str, Any] = {
        "message_id": message_id,
        "direction": "out",
        "client": conf.client_id(),
        "service": service,
        "user_id": user_id,
        "purpose": purpose,
        "request_hash": log.digest(body),
    }

    def done(outcome: str, status: int = 0, response: bytes = b"") -> None:
        entry.update(
            outcome=outcome,
            status=status,
            response_hash=log.digest(response) if response else "",
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        log.record(at=at, **entry)

    if _breaker_open(service):
        done("open")
        raise GatewayError(
            "open",
            _("Dịch vụ %(service)s tạm ngừng do lỗi liên tiếp; vui lòng thử lại sau.") % {"service": service},
            message_id=message_id,
        )
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {conf.token()}",
        HEADERS["client"]: conf.client_id(),
        HEADERS["service"]: service,
        HEADERS["message_id"]: message_id,
        HEADERS["user_id"]: header_value(user_id),
        HEADERS["purpose"]: header_value(purpose),
    }
    request = urllib.request.Request(  # noqa: S310 - the configured gateway
        f"{conf.gateway_url()}/r1/{service}", data=body, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.timeout()) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        done("refused", exc.code, raw)
        _breaker_result(service, ok=exc.code < 500)
        raise GatewayError(
            "refused",
            _("Trục liên thông từ chối yêu cầu (mã %(code)s).") % {"code": exc.code},
            status=exc.code,
            message_id=message_id,
        ) from exc
    except TimeoutError as exc:
        done("timeout")
        _breaker_result(service, ok=False)
        raise GatewayError("timeout", _("Trục liên thông không trả lời kịp thời."), message_id=message_id) from exc
    except (urllib.error.URLError, OSError) as exc:
        code = "timeout" if "timed out" in str(exc) else "down"
        done(code)
        _breaker_result(service, ok=False)
        if code == "timeout":
            raise GatewayError("timeout", _("Trục liên thông không trả lời kịp thời."), message_id=message_id) from exc
        raise GatewayError("down", _("Không kết nối được trục liên thông."), message_id=message_id) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        done("garbage", status, raw)
        _breaker_result(service, ok=False)
        raise GatewayError(
            "garbage", _("Trục liên thông trả lời dữ liệu không đọc được."), message_id=message_id
        ) from exc
    done("ok", status, raw)
    _breaker_result(service, ok=True)
    return Answer(status=status, data=data, message_id=message_id, response_hash=log.digest(raw))
