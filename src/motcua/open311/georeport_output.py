"""GeoReport v2 output in JSON or XML, and its error format (errors: [{code, description}])."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def respond(fmt: str, data: Any, *, root: str, item: str, status: int = 200) -> HttpResponse:
    """Render a list of objects (or one object when ``item`` is "") as JSON or as XML under ``root``."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    else:
        element = ET.Element(root)
        if item:
            for obj in data:
                _fill(ET.SubElement(element, item), obj)
        else:
            _fill(element, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
            element, encoding="utf-8", xml_declaration=False
        )
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"]))


# In XML, a list is a wrapper element holding one element per entry (spec examples).
_LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def _fill(element: ET.Element, obj: dict[str, Any]) -> None:
    for key, value in obj.items():
        child = ET.SubElement(element, key)
        if isinstance(value, list):
            for entry in value:
                sub = ET.SubElement(child, _LIST_ITEMS.get(key, "item"))
                if isinstance(entry, dict):
                    _fill(sub, entry)
                else:
                    sub.text = _text(entry)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """Return the spec's error document: a list of {code, description}, with ``status`` as HTTP status."""
    fmt = fmt if fmt in FORMATS else "json"
    return respond(
        fmt, [{"code": status, "description": d} for d in descriptions], root="errors", item="error", status=status
    )
