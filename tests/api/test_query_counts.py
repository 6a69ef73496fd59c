"""Hot paths use their indexes and a fixed number of queries, whatever the data size."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.services import lifecycle
from tests.helpers import api_client, as_, submit


@pytest.mark.django_db
def test_public_tracking_is_one_query(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/track/{d.code}").status_code == 200
    assert len(queries) == 1, [q["sql"] for q in queries]


@pytest.mark.django_db
def test_work_list_queries_do_not_grow_with_the_list(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    client = api_client(world.user("reception"))
    client.get("/api/v1/me")  # the first request also stamps the token's last use
    submit(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/worklists/to_receive").json()["count"] == 1
    for _ in range(5):
        submit(world)
    with CaptureQueriesContext(connection) as six:
        assert client.get("/api/v1/worklists/to_receive").json()["count"] == 6
    assert len(six) == len(one)
