"""An Open311 client, written from the GeoReport v2 specification, creates and reads a request over real
HTTP against the live server (urllib, form-encoded POST as the specification says).

The PyPI client `open311==1.1` (Code for America, 2011) is Python 2 only: importing it fails on
Python 3 (implicit relative imports), so this script plays the client.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from motcua.open311.services import key_create


class GeoReportClient:
    def __init__(self, base: str, api_key: str = "") -> None:
        self.base, self.api_key = base.rstrip("/"), api_key

    def _call(self, method: str, path: str, fmt: str, params: dict[str, Any] | None = None) -> tuple[int, bytes, str]:
        url = f"{self.base}/{path}.{fmt}"
        data = None
        if method == "GET" and params:
            url += "?" + urllib.parse.urlencode(params)
        elif method == "POST":
            data = urllib.parse.urlencode({**(params or {}), "api_key": self.api_key}).encode("utf-8")
        req = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http to the live server
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        try:
            with urllib.request.urlopen(req, timeout=20) as resp:  # noqa: S310 - the test's own live server
                return resp.status, resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            return err.code, err.read(), err.headers.get("Content-Type", "")

    def json(self, method: str, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
        status, body, ctype = self._call(method, path, "json", params)
        assert ctype.startswith("application/json")
        return status, json.loads(body.decode("utf-8"))

    def xml(self, method: str, path: str, params: dict[str, Any] | None = None) -> tuple[int, ET.Element]:
        status, body, ctype = self._call(method, path, "xml", params)
        assert ctype.startswith("text/xml") and body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        return status, ET.fromstring(body)  # noqa: S314 - our own server's output


@pytest.mark.django_db(transaction=True)
def test_client_creates_and_reads_a_request(live_server: Any, categories: None) -> None:
    _, key = key_create(name="conformance")
    client = GeoReportClient(f"{live_server.url}/open311/v2", key)

    status, discovery = client.json("GET", "discovery")
    assert status == 200 and discovery["endpoints"][0]["url"] == f"{live_server.url}/open311/v2"
    status, services = client.json("GET", "services")
    code = services[1]["service_code"]
    assert status == 200 and services[1]["metadata"] is True
    status, definition = client.xml("GET", f"services/{code}")
    assert definition.tag == "service_definition"
    required = [a.findtext("code") for a in definition.iter("attribute") if a.findtext("required") == "true"]
    first_value = definition.findtext("attributes/attribute/values/value/key")
    assert required == ["delay"] and first_value == "late"

    status, created = client.json(
        "POST",
        "requests",
        {
            "service_code": code,
            "lat": "21.028511",
            "long": "105.852020",
            "description": "Hồ sơ trễ hẹn.",
            "email": "an@example.vn",
            "first_name": "An",
            "last_name": "Trần",
            "attribute[delay]": first_value,
        },
    )
    assert status == 201, created
    request_id, token = created[0]["service_request_id"], created[0]["token"]

    status, one = client.json("GET", f"requests/{request_id}")
    assert status == 200 and one[0]["service_request_id"] == request_id and one[0]["status"] == "open"
    status, by_token = client.xml("GET", f"tokens/{token}")
    assert by_token.findtext("request/service_request_id") == request_id
    status, listed = client.xml("GET", "requests", {"service_code": code, "status": "open"})
    assert [r.findtext("service_request_id") for r in listed.findall("request")] == [request_id]

    bad = GeoReportClient(f"{live_server.url}/open311/v2", "o311_not-a-key")
    status, errors = bad.xml(
        "POST", "requests", {"service_code": code, "address_string": "x", "description": "y", "email": "a@example.vn"}
    )
    assert status == 403 and errors.tag == "errors" and errors.findtext("error/code") == "403"
