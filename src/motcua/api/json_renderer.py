"""JSON answers of the API: UTF-8 as written (Vietnamese stays readable, not \\u escapes), every
time in UTC with ``Z`` and every decimal in plain notation, whatever the object carried.

Deadlines are computed in Vietnam time and an answer may present the object the service just
changed, so a time's own offset is not the API's: the encoder converts. ``Decimal.normalize()``
writes 10 as ``1E+1``; the encoder writes ``10``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from motcua.core import clock


class ApiJSONEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return clock.utc_iso(o)
        if isinstance(o, Decimal):
            return format(o, "f")
        return super().default(o)


class Utf8JSONRenderer(JSONRenderer):
    encoder_class = ApiJSONEncoder
    json_dumps_params = {"ensure_ascii": False}
