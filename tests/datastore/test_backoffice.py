"""The counter takes a paper from the applicant's data store; officials see the reuse and read granted items."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.datastore.models import AccessLog, ReuseRecord, StoredItem
from motcua.datastore.services import store
from motcua.dossiers.models import Dossier
from tests.helpers import PDF, as_, pdf_upload, submit

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:counter") + "?thu_tuc=T.001"


def login(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.user(name))
    return client


def add(world: Any, who: str = "citizen") -> StoredItem:
    return store.add_item(
        actor=as_(world, who),
        upload=pdf_upload("to-khai-cu.pdf"),
        meta=store.ItemMeta(title="Tờ khai cũ", document_code="TP1"),
    )


def intake(world: Any, **extra: Any) -> dict[str, Any]:
    citizen = world.user("citizen")
    data = {
        "agency": "H26.101",
        "applicant_type": "citizen",
        "applicant_name": citizen.full_name,
        "applicant_id_number": citizen.personal_id,
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "12 Hàng Bài",
        "channel": "1",
        "sets_count": "1",
        "ff_purpose": "Xin xác nhận",
    }
    data.update(extra)
    return data


def test_the_counter_offers_and_takes_the_applicants_stored_paper(world: Any) -> None:
    item = add(world)
    add(world, who="other_citizen")
    client = login(world, "reception")
    page = client.post(URL, {"lookup": "1", "lookup_id": world.user("citizen").personal_id}).content.decode()
    assert "Lấy từ kho dữ liệu của người nộp" in page and f'name="store-TP1" value="{item.pk}"' in page
    assert page.count('name="store-TP1"') == 1
    listed = AccessLog.objects.get()  # the titles shown are logged for the owner
    assert (listed.item, listed.purpose, listed.reader) == (item, "counter_list", world.user("reception"))
    response = client.post(URL, intake(world, **{"store-TP1": str(item.pk)}))
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    record = ReuseRecord.objects.get()
    assert (record.dossier, record.item, record.channel, dossier.applicant) == (dossier, item, "counter", item.owner)
    assert dossier.documents.get(requirement__code="TP1").sha256 == item.sha256
    log = AccessLog.objects.exclude(purpose="counter_list").get()
    assert (log.reader, log.purpose, log.dossier, log.agency) == (
        world.user("reception"),
        "counter",
        dossier,
        world.commune,
    )
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert "store-reused" in page and "Lấy từ kho dữ liệu" in page


def test_another_citizens_item_or_another_bodys_officer_takes_nothing(world: Any) -> None:
    theirs = add(world, who="other_citizen")
    response = login(world, "reception").post(URL, intake(world, **{"store-TP1": str(theirs.pk)}))
    assert response.status_code == 422  # not offered: the paper is missing
    assert not Dossier.objects.exists() and not AccessLog.objects.exists()
    with pytest.raises(Exception):  # noqa: B017,PT011  (a NotFound: not a reception officer here)
        store.take_at_counter(
            actor=as_(world, "other_reception"), agency_id=world.commune.pk, owner=world.user("citizen"), picks={}
        )


def test_officials_read_a_granted_item_only_under_the_grant(world: Any) -> None:
    item = add(world)
    dossier = submit(world)
    url = reverse("backoffice:store_item", args=[dossier.code, item.pk])
    assert login(world, "reception").get(url).status_code == 404  # no grant yet
    store.grant_access(actor=as_(world, "citizen"), dossier_code=dossier.code, item_ids=[item.pk])
    page = login(world, "reception").get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert url in page
    response = login(world, "reception").get(url)
    assert response.status_code == 200 and response.getvalue() == PDF
    assert AccessLog.objects.get().reader == world.user("reception")
    assert login(world, "other_reception").get(url).status_code == 404  # another body: the dossier is not theirs
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("web:login") in anonymous["Location"]
    citizen = login(world, "citizen").get(url)
    assert citizen.status_code == 403  # the owner reads it in the portal, not here
    assert AccessLog.objects.count() == 1
