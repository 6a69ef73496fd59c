"""The contract of a register plugin (kind ``LOOKUP``): a key in, checked values out.

A client normalises the key the person typed, builds the gateway payload, calls the gateway
(``exchange.gateway.call``) and checks every field of the answer: a field of the wrong type, a
date that is no date, a missing name is a ``RegisterError("garbage")``, never a half-filled form.
Values come out as text in the form's terms (dates ``YYYY-MM-DD``, numbers plain), keyed by the
field names of ``catalogue.form_schema.REGISTER_SOURCES`` without their register prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from motcua.exchange import gateway
from motcua.registers import conf


class RegisterError(Exception):
    """No usable answer: ``code`` is ``invalid_key``, ``not_found``, ``unavailable`` or ``garbage``."""

    def __init__(self, code: str, message: str, *, gateway_code: str = "", message_id: str = "") -> None:
        self.code, self.message, self.gateway_code, self.message_id = code, message, gateway_code, message_id
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Record:
    key: str
    values: dict[str, str]
    message_id: str


class Garbage(ValueError):
    """A field of the answer that is not what the register promises."""


def text(record: dict[str, Any], name: str, *, required: bool = True, limit: int = 500) -> str:
    value = record.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise Garbage(name)
    return value.strip()


def iso_date(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or len(value) != 10:
        raise Garbage(name)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Garbage(name) from None


class RegisterClient:
    """One register behind the gateway; subclasses say its key, payload and fields."""

    name: str = ""
    title: str | Promise = ""
    key_label: str | Promise = ""
    fields: tuple[str, ...] = ()

    def service(self) -> str:
        return conf.service_id(self.name)

    def normalise_key(self, raw: str) -> str:  # pragma: no cover - every register overrides it
        raise NotImplementedError

    def payload(self, key: str) -> dict[str, Any]:  # pragma: no cover - every register overrides it
        raise NotImplementedError

    def parse(self, record: dict[str, Any]) -> dict[str, str]:  # pragma: no cover - every register overrides it
        raise NotImplementedError

    def fetch(self, key: str, *, user_id: str, purpose: str) -> Record:
        """Look ``key`` (already normalised) up; raise ``RegisterError`` with a Vietnamese message."""
        try:
            answer = gateway.call(self.service(), self.payload(key), user_id=user_id, purpose=purpose)
        except gateway.GatewayError as exc:
            message_id = exc.message_id
            if exc.code == "refused" and exc.status == 404:
                raise RegisterError(
                    "not_found",
                    _("Không tìm thấy thông tin trong %(register)s.") % {"register": self.title},
                    gateway_code="not_found",
                    message_id=message_id,
                ) from exc
            raise RegisterError(
                "unavailable",
                _("Chưa kết nối được %(register)s (%(reason)s). Bạn vẫn có thể tự nhập các thông tin và tiếp tục.")
                % {"register": self.title, "reason": exc.message},
                gateway_code=exc.code,
                message_id=message_id,
            ) from exc
        record = answer.data.get("record")
        try:
            if answer.data.get("found") is not True or not isinstance(record, dict):
                raise Garbage("record")
            values = self.parse(record)
        except Garbage as exc:
            raise RegisterError(
                "garbage",
                _(
                    "%(register)s trả lời dữ liệu không hợp lệ (trường %(field)s). Bạn vẫn có thể tự nhập "
                    "các thông tin và tiếp tục."
                )
                % {"register": self.title, "field": str(exc)},
                gateway_code="fields",
                message_id=answer.message_id,
            ) from exc
        return Record(key=key, values=values, message_id=answer.message_id)
