"""Session auth (web pages calling the API) enforces CSRF; work lists classify by due time."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from motcua.dossiers.services import lifecycle
from tests.helpers import api_client, as_, submit


@pytest.mark.django_db
def test_session_user_needs_the_csrf_token_for_writes(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = submit(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("reception"))
    assert client.get("/api/v1/me").json()["roles"] == [
        {"role": "reception", "agency": "H26.101", "agency_name": "Ủy ban nhân dân Phường Hoàn Kiếm"}
    ]
    url = f"/api/v1/dossiers/{d.code}/actions/receive"
    denied = client.post(url, "{}", content_type="application/json")
    assert denied.status_code in (401, 403)
    d.refresh_from_db()
    assert d.status == "submitted"
    token = _get_new_csrf_string()  # what a page's {% csrf_token %} puts in the cookie and the form
    client.cookies["csrftoken"] = token
    ok = client.post(url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert ok.status_code == 200 and ok.json()["status"] == "received"


@pytest.mark.django_db
def test_due_soon_and_overdue_lists(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))  # Monday
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))  # due Fri 27 Nov 17:00
    head = api_client(world.user("head"))

    def codes(name: str) -> list[str]:
        return [x["code"] for x in head.get(f"/api/v1/worklists/{name}").json()["items"]]

    assert (codes("due_soon"), codes("overdue"), codes("agency")) == ([], [], [d.code])
    frozen(datetime.fromisoformat("2026-11-25T09:00+07:00"))  # Wed: due within 2 working days
    assert (codes("due_soon"), codes("overdue")) == ([d.code], [])
    frozen(datetime.fromisoformat("2026-11-27T17:01+07:00"))
    assert (codes("due_soon"), codes("overdue")) == ([], [d.code])
    lifecycle.request_supplement(d.pk, actor=as_(world, "head"), items=[{"name": "A", "reason": "B"}])
    assert codes("overdue") == []  # waiting for the applicant: the clock is paused
    found = head.get("/api/v1/worklists/agency", {"q": "001190012345"}).json()["items"]
    assert [x["code"] for x in found] == [d.code]
    assert head.get("/api/v1/worklists/agency", {"q": "nobody"}).json()["count"] == 0
    assert json.loads(head.get("/api/v1/worklists/nope").content)["code"] == "not_found"
