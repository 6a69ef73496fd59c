"""The data store over the API: the owner lists their items and submits with ``from_store``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from motcua.datastore.models import ReuseRecord, StoredItem
from motcua.datastore.services import store
from tests.helpers import api_client, as_, pdf_upload

pytestmark = pytest.mark.django_db


def add(world: Any, who: str = "citizen", code: str = "TP1") -> StoredItem:
    return store.add_item(
        actor=as_(world, who),
        upload=pdf_upload("to-khai-cu.pdf"),
        meta=store.ItemMeta(title="Tờ khai cũ", document_code=code),
    )


def test_only_the_owner_lists_their_items(world: Any) -> None:
    item = add(world)
    add(world, who="other_citizen", code="TP2")
    mine = api_client(world.user("citizen")).get("/api/v1/datastore/items").json()
    assert [(i["id"], i["document_code"], i["source"]) for i in mine] == [(item.pk, "TP1", "uploaded")]
    assert api_client(world.user("citizen")).get("/api/v1/datastore/items?document_code=TP2").json() == []
    assert [
        i["document_code"] for i in api_client(world.user("other_citizen")).get("/api/v1/datastore/items").json()
    ] == ["TP2"]
    assert api_client(world.user("reception")).get("/api/v1/datastore/items").json() == []  # officials hold no store
    anonymous = api_client(None).get("/api/v1/datastore/items")
    assert anonymous.status_code == 401 and anonymous.json()["code"]


def payload(**extra: Any) -> str:
    body = {"procedure_code": "T.001", "agency_code": "H26.101", "form_data": {"purpose": "Bổ túc hồ sơ"}}
    body.update(extra)
    return json.dumps(body)


def test_an_api_submission_takes_a_stored_item_instead_of_an_upload(world: Any) -> None:
    item = add(world)
    response = api_client(world.user("citizen")).post(
        "/api/v1/dossiers", {"payload": payload(from_store={"TP1": item.pk})}
    )
    assert response.status_code == 201, response.content
    record = ReuseRecord.objects.get()
    assert (record.dossier.code, record.item, record.channel) == (response.json()["code"], item, "api")


def test_another_citizens_item_is_a_404_and_a_wrong_type_a_422(world: Any) -> None:
    theirs = add(world, who="other_citizen")
    client = api_client(world.user("citizen"))
    response = client.post("/api/v1/dossiers", {"payload": payload(from_store={"TP1": theirs.pk})})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    other_type = add(world, code="TP2")
    response = client.post("/api/v1/dossiers", {"payload": payload(from_store={"TP1": other_type.pk})})
    assert response.status_code == 422 and response.json()["code"] == "invalid_store_item"
    response = client.post("/api/v1/dossiers", {"payload": payload(from_store={"TP1": "x"})})
    assert response.status_code == 422
    assert not ReuseRecord.objects.exists()
