"""The API's work lists for reception and "Việc của tôi": to_return, closed, search, the handlers and the
caller's own steps of each row, bad pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.services import lifecycle
from tests.backoffice.reception_world import ended
from tests.helpers import api_client, as_, submit
from tests.processes.steps_world import MONDAY_8, define, open_step, received

pytestmark = pytest.mark.django_db


def items(client: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/worklists/{name}", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= len(body["items"])
    return list(body["items"])


def test_to_return_closed_and_search(world: Any, frozen: Any) -> None:
    frozen(MONDAY_8)
    ready = ended(world, "ready")
    returned = ended(world, "returned")
    waiting = submit(world, name="Trần Văn Bảo", id_number="001085099999")
    reception = api_client(world.user("reception"))
    assert [x["code"] for x in items(reception, "to_return")] == [ready.code]
    [row] = items(reception, "closed")
    assert row["code"] == returned.code and row["status"] == "returned"
    assert row["returned_at"] is not None and row["closed_at"] is not None
    assert [x["code"] for x in items(reception, "search", q="tran van bao")] == [waiting.code]
    assert [x["code"] for x in items(reception, "search", q=returned.code[-6:])] == [returned.code]
    assert [x["code"] for x in items(reception, "search", q="001085099999")] == [waiting.code]
    assert {x["code"] for x in items(reception, "search")} == {ready.code, returned.code, waiting.code}
    # Waiting for the reception: to receive (by its submission) and to return (by its due time).
    assert [x["code"] for x in items(reception, "mine")] == [waiting.code, ready.code]
    lifecycle.return_result(ready.pk, actor=as_(world, "reception"))
    assert items(reception, "to_return") == []
    for outsider in ("other_reception", "dept_head"):
        client = api_client(world.user(outsider))
        for name in ("to_return", "closed", "search", "mine"):
            assert items(client, name) == [], (outsider, name)


def test_rows_name_the_handlers_and_the_callers_steps(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)
    d = received(world)
    row = open_step(d)
    [item] = items(api_client(world.user("specialist")), "mine")
    assert item["code"] == d.code
    [step] = item["my_steps"]
    assert (step["id"], step["name"]) == (row.pk, "Thẩm định hồ sơ")
    assert datetime.fromisoformat(step["due_at"]) == row.due_at
    assert item["handlers"] == ["Specialist"] and item["more_handlers"] == 0
    [item] = items(api_client(world.user("head")), "agency")
    assert item["my_steps"] == [] and item["handlers"] == ["Specialist"]


def test_mine_queries_do_not_grow_with_the_list(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)
    client = api_client(world.user("specialist"))
    client.get("/api/v1/me")
    received(world)
    with CaptureQueriesContext(connection) as one:
        assert len(items(client, "mine")) == 1
    for _ in range(4):
        received(world)
    with CaptureQueriesContext(connection) as five:
        assert len(items(client, "mine")) == 5
    assert len(five) == len(one)


def test_bad_pages_get_a_clear_error_or_an_empty_page(world: Any, frozen: Any) -> None:
    frozen(MONDAY_8)
    submit(world)
    client = api_client(world.user("reception"))
    for query in ("offset=-1", "limit=0", "limit=-5", "offset=abc", "limit=abc"):
        response = client.get(f"/api/v1/worklists/to_receive?{query}")
        assert response.status_code == 422, query
        assert response.json()["code"] == "validation_error"
    far = client.get("/api/v1/worklists/to_receive?offset=99999").json()
    assert far == {"items": [], "count": 1}
