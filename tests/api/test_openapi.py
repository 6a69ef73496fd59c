"""The OpenAPI document is committed, served, and CI fails when code and document drift apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from motcua.api.management.commands.openapi import openapi_text

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_committed_openapi_matches_the_code() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), "run `motcua openapi` and commit the result"


@pytest.mark.django_db
def test_openapi_is_served_and_docs_page_exists() -> None:
    client = Client()
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert "/api/v1/track/{code}" in served.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
