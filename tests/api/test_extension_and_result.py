"""The API keeps the rules of the dossier page: an extension is bounded, a result carries its record."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from tests.helpers import api_client, as_, pdf_upload, submit

pytestmark = pytest.mark.django_db


def act(world: Any, who: str, d: Dossier, action: str, body: dict[str, Any]) -> Any:
    return api_client(world.user(who)).post(
        f"/api/v1/dossiers/{d.code}/actions/{action}", json.dumps(body), content_type="application/json"
    )


def test_an_extension_beyond_the_procedures_time_is_refused(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))  # due Fri 27/11 17:00, 3 working days
    response = act(world, "head", d, "extend", {"new_due_at": "2026-12-03T09:00:00+07:00", "reasons": "Chờ"})
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["details"]) == (
        "extension_too_long",
        {"field": "new_due_at", "max_working_days": 3, "latest": "2026-12-02T10:00:00Z"},
    )
    assert Dossier.objects.get(pk=d.pk).extended_at is None
    ok = act(world, "head", d, "extend", {"new_due_at": "2026-12-02T17:00:00+07:00", "reasons": "Chờ"})
    assert ok.status_code == 200 and ok.json()["extended_at"] is not None


def test_issuing_names_the_missing_or_wrong_field(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("kq.pdf"))
    record = {"number": "9/GXN", "date": "2026-11-24", "signer_name": "Phạm Quốc Hùng", "signer_position": "Chủ tịch"}
    for change, field in (({}, "result_date"), ({"date": "2026-11-23", "signer_position": ""}, "signer_position")):
        response = act(world, "clerk", d, "issue_result", {"result": {**record, **change}})
        assert (response.status_code, response.json()["details"]) == (422, {"field": field}), change
    assert (
        act(world, "clerk", d, "issue_result", {"result": {**record, "date": "2026-11-23", "extra": 1}}).status_code
        == 422
    )  # unknown fields are refused
    body = act(world, "clerk", d, "issue_result", {"result": {**record, "date": "2026-11-23"}}).json()
    assert body["status"] == "result_ready" and body["result"]["number"] == "9/GXN"
