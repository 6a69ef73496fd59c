"""Open311 GeoReport v2: every endpoint in JSON and XML, field names and errors as in the specification
(http://wiki.open311.org/GeoReport_v2), API keys for POST."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.feedback.models import Feedback
from motcua.feedback.services import pakn
from motcua.open311.models import ApiKey
from motcua.open311.services import key_create, key_revoke
from tests.helpers import as_

BASE = "/open311/v2"
# Field lists written from the specification.
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
DEFINITION_FIELDS = ["service_code", "attributes"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
VALUE_FIELDS = ["key", "name"]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
CREATED_FIELDS = ["service_request_id", "token", "service_notice", "account_id"]
TOKEN_FIELDS = ["service_request_id", "token"]
ERROR_FIELDS = ["code", "description"]
DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]


def get(path: str, **params: Any) -> Any:
    return Client().get(BASE + path, params)


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def children(element: ET.Element) -> list[str]:
    return [c.tag for c in element]


@pytest.fixture
def key(categories: None) -> str:
    return key_create(name="test-app")[1]


def post(fmt: str, **fields: Any) -> Any:
    return Client(enforce_csrf_checks=True).post(f"{BASE}/requests.{fmt}", fields)


VALID = {
    "service_code": "giai-quyet-ho-so",
    "lat": "21.028511",
    "long": "105.852020",
    "description": "Hồ sơ trễ hẹn 3 ngày.\nXin cơ quan kiểm tra.",
    "email": "an@example.vn",
    "first_name": "An",
    "last_name": "Trần",
    "phone": "0987654321",
    "attribute[delay]": "late",
}


@pytest.mark.django_db
def test_discovery(categories: None) -> None:
    data = get("/discovery.json").json()
    assert list(data) == DISCOVERY_FIELDS and list(data["endpoints"][0]) == ENDPOINT_FIELDS
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["url"] == "http://testserver/open311/v2"
    root = xml(get("/discovery.xml"))
    assert root.tag == "discovery" and children(root) == DISCOVERY_FIELDS
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None and children(endpoint) == ENDPOINT_FIELDS
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]


@pytest.mark.django_db
def test_services_both_formats(categories: None) -> None:
    r = get("/services.json")
    assert r["Content-Type"] == "application/json; charset=utf-8"
    data = r.json()
    assert [s["service_code"] for s in data] == [
        "thu-tuc-hanh-chinh",
        "giai-quyet-ho-so",
        "thai-do-can-bo",
        "dich-vu-cong-truc-tuyen",
        "co-so-vat-chat",
    ]
    assert all(list(s) == SERVICE_FIELDS for s in data)
    assert (data[1]["metadata"], data[1]["type"], data[2]["metadata"]) == (True, "realtime", False)
    root = xml(get("/services.xml"))
    assert root.tag == "services" and children(root) == ["service"] * 5
    assert all(children(s) == SERVICE_FIELDS for s in root)
    assert root[1].findtext("metadata") == "true" and root[1].findtext("service_name") == "Giải quyết hồ sơ"


@pytest.mark.django_db
def test_service_definition_both_formats(categories: None) -> None:
    data = get("/services/giai-quyet-ho-so.json").json()
    assert list(data) == DEFINITION_FIELDS and data["service_code"] == "giai-quyet-ho-so"
    attr = data["attributes"][0]
    assert list(attr) == ATTRIBUTE_FIELDS and list(attr["values"][0]) == VALUE_FIELDS
    assert (attr["code"], attr["datatype"], attr["required"], attr["variable"], attr["order"]) == (
        "delay",
        "singlevaluelist",
        True,
        True,
        1,
    )
    root = xml(get("/services/giai-quyet-ho-so.xml"))
    assert root.tag == "service_definition" and children(root) == DEFINITION_FIELDS
    a = root.find("attributes/attribute")
    assert a is not None and children(a) == ATTRIBUTE_FIELDS
    assert [children(v) for v in a.findall("values/value")] == [VALUE_FIELDS] * 3
    assert [v.findtext("key") for v in a.findall("values/value")] == ["late", "supplement", "other"]
    missing = get("/services/khong-co.json")
    assert missing.status_code == 404 and missing.json() == [
        {"code": 404, "description": "service_code khong-co not found"}
    ]
    root = xml(get("/services/khong-co.xml"))
    assert root.tag == "errors" and children(root[0]) == ERROR_FIELDS and root[0].findtext("code") == "404"


@pytest.mark.django_db
def test_post_requires_valid_unrevoked_key(key: str) -> None:
    for fields in [VALID, {**VALID, "api_key": "o311_wrong"}, {**VALID, "api_key": ""}]:
        r = post("json", **fields)
        assert r.status_code == 403
        assert r.json() == [{"code": 403, "description": "api_key is missing, unknown or revoked"}]
    root = xml(post("xml", **VALID))
    assert root.tag == "errors" and root.find("error/code").text == "403"
    row = ApiKey.objects.get()
    key_revoke(key=row)
    assert post("json", api_key=key, **VALID).status_code == 403
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_post_creates_through_pakn_and_reads_back(key: str, world: Any) -> None:
    r = post("json", api_key=key, **VALID)
    assert r.status_code == 201
    created = r.json()
    assert len(created) == 1 and list(created[0]) == CREATED_FIELDS
    item = Feedback.objects.get()
    assert created[0]["service_request_id"] == str(item.pk) and created[0]["token"] == str(item.token)
    assert (item.channel, item.channel_detail, item.status, item.contact_name, item.title, item.attributes) == (
        "open311",
        "test-app",
        "received",
        "An Trần",
        "Hồ sơ trễ hẹn 3 ngày.",
        {"delay": "late"},
    )
    assert item.events.get().action == "submit"

    one = get(f"/requests/{item.pk}.json").json()
    assert len(one) == 1 and list(one[0]) == REQUEST_FIELDS
    assert (one[0]["status"], one[0]["service_code"], one[0]["description"], one[0]["lat"]) == (
        "open",
        "giai-quyet-ho-so",
        "",
        None,
    )  # nothing of the sender's text before publication
    # W3C date-times in UTC, as the REST API writes times; the deadline is 17:00 in Vietnam.
    assert one[0]["requested_datetime"].endswith("Z") and one[0]["expected_datetime"].endswith("T10:00:00Z")
    for secret in ["an@example.vn", "0987654321", "Trần"]:
        assert secret not in get(f"/requests/{item.pk}.json").content.decode()
    root = xml(get(f"/requests/{item.pk}.xml"))
    assert root.tag == "service_requests" and children(root) == ["request"]
    assert children(root[0]) == REQUEST_FIELDS and root[0].findtext("status") == "open"

    tok = get(f"/tokens/{item.token}.json").json()
    assert tok == [{"service_request_id": str(item.pk), "token": str(item.token)}] and list(tok[0]) == TOKEN_FIELDS
    root = xml(get(f"/tokens/{item.token}.xml"))
    assert root.tag == "service_requests" and children(root[0]) == TOKEN_FIELDS
    assert get("/tokens/not-a-token.json").status_code == 404

    # Published: description, location and the answer become visible; status closed.
    pakn.route(item.pk, actor=_tthc(world), agency_code="H26.101")
    pakn.assign(item.pk, actor=as_(world, "head"), assignee_username="specialist")
    pakn.answer(item.pk, actor=as_(world, "specialist"), text="Đã trả kết quả.")
    pakn.publish(item.pk, actor=as_(world, "head"), public_text="Hồ sơ trễ hẹn.")
    one = get(f"/requests/{item.pk}.json").json()[0]
    assert (one["status"], one["status_notes"], one["description"], one["lat"], one["long"]) == (
        "closed",
        "Đã trả kết quả.",
        "Hồ sơ trễ hẹn.",
        21.028511,
        105.85202,
    )
    assert one["agency_responsible"] == "Ủy ban nhân dân Phường Hoàn Kiếm"


def _tthc(world: Any) -> Any:
    from motcua.organisation.services import role_grant
    from tests.helpers import make_user

    user = make_user("tthc")
    role_grant(user=user, agency=world.department, role="tthc_control")
    world.users["tthc"] = user
    return as_(world, "tthc")


@pytest.mark.django_db
def test_post_errors_in_spec_format(key: str) -> None:
    cases = [
        ({k: v for k, v in VALID.items() if k != "service_code"}, 400, "service_code is required"),
        ({**VALID, "service_code": "nope"}, 400, "service_code is missing or unknown"),
        (
            {k: v for k, v in VALID.items() if k not in {"lat", "long"}},
            400,
            "a location is required: lat and long, or address_string, or address_id",
        ),
        ({**VALID, "description": ""}, 400, "description is required"),
        ({**VALID, "email": "", "phone": ""}, 400, "email or phone is required so that the agency can answer"),
    ]
    for fields, status, description in cases:
        r = post("json", api_key=key, **fields)
        assert (r.status_code, r.json()) == (status, [{"code": status, "description": description}])
    r = post("json", api_key=key, **{**VALID, "attribute[delay]": "forever"})
    assert r.status_code == 400 and r.json()[0]["description"].startswith("delay: ")
    root = xml(post("xml", api_key=key, **{**VALID, "lat": "95"}))
    assert root.tag == "errors" and root.findtext("error/code") == "400"
    assert Feedback.objects.count() == 0
    ok = post(
        "xml",
        api_key=key,
        **{k: v for k, v in VALID.items() if k not in {"lat", "long"}},
        address_string="Phố Hàng Bài",
    )
    root = xml(ok)
    assert ok.status_code == 201 and root.tag == "service_requests" and children(root[0]) == CREATED_FIELDS


@pytest.mark.django_db
def test_list_filters(key: str, frozen: Any) -> None:
    from datetime import datetime

    frozen(datetime(2026, 11, 2, 9, 0))
    a = post("json", api_key=key, **VALID).json()[0]["service_request_id"]
    frozen(datetime(2026, 11, 20, 9, 0))
    b = post("json", api_key=key, **{**VALID, "service_code": "thai-do-can-bo", "attribute[delay]": ""}).json()
    assert b[0]["service_request_id"]
    b_id = b[0]["service_request_id"]
    ids = lambda r: [x["service_request_id"] for x in r.json()]  # noqa: E731
    assert ids(get("/requests.json")) == [b_id, a]
    assert ids(get("/requests.json", service_code="giai-quyet-ho-so")) == [a]
    assert ids(get("/requests.json", start_date="2026-11-10T00:00:00+07:00")) == [b_id]
    assert ids(get("/requests.json", end_date="2026-11-10T00:00:00Z")) == [a]
    assert ids(get("/requests.json", status="closed")) == []
    assert ids(get("/requests.json", status="open,closed")) == [b_id, a]
    assert ids(get("/requests.json", service_request_id=f"{a},{b_id}", service_code="nope")) == [a, b_id]
    root = xml(get("/requests.xml"))
    assert root.tag == "service_requests" and [children(r) for r in root] == [REQUEST_FIELDS] * 2
    for params, description in [
        ({"status": "pending"}, "status must be open, closed or both (comma-separated)"),
        ({"start_date": "yesterday"}, "start_date and end_date must be W3C date-times with a time zone"),
        ({"end_date": "2026-11-10T00:00:00"}, "start_date and end_date must be W3C date-times with a time zone"),
    ]:
        r = get("/requests.json", **params)
        assert (r.status_code, r.json()) == (400, [{"code": 400, "description": description}])
    missing = get("/requests/999999.json")
    assert (missing.status_code, missing.json()) == (
        404,
        [{"code": 404, "description": "service_request_id 999999 not found"}],
    )


@pytest.mark.django_db
def test_formats_and_methods(categories: None) -> None:
    r = get("/services.yaml")
    assert r.status_code == 404 and r.json()[0]["code"] == 404
    r = Client().post(f"{BASE}/services.json")
    assert r.status_code == 405 and r.json() == [{"code": 405, "description": "method POST not allowed"}]


@pytest.mark.django_db
def test_keys_command_prints_key_once() -> None:
    out = StringIO()
    call_command("open311", "keys", "create", "Ứng dụng phản ánh", stdout=out)
    key = out.getvalue().strip()
    row = ApiKey.objects.get()
    assert (
        key.startswith("o311_")
        and row.name == "Ứng dụng phản ánh"
        and key not in json.dumps(list(ApiKey.objects.values()), default=str)
    )
    listing = StringIO()
    call_command("open311", "keys", "list", stdout=listing)
    assert key not in listing.getvalue() and "Ứng dụng phản ánh" in listing.getvalue()


@pytest.mark.django_db
def test_admin_revokes_key() -> None:
    from tests.helpers import make_user

    row, _key = key_create(name="x")
    root = make_user("root", is_staff=True, is_superuser=True)
    c = Client()
    c.force_login(root)
    r = c.post("/admin/open311/apikey/", {"action": "revoke", "_selected_action": [row.pk]})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
