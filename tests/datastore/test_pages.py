"""The citizen's pages of the data store, and taking a stored item in the portal's documents step."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motcua.core import clock
from motcua.datastore.models import AccessGrant, DraftPick, ReuseRecord, StoredItem
from motcua.datastore.services import store
from motcua.portal.models import Draft
from motcua.stats.services.service_index import service_index
from tests.helpers import PDF, as_, pdf_upload, submit
from tests.portal.helpers import APPLICANT, client_for, pdf

pytestmark = pytest.mark.django_db


def add(world: Any, who: str = "citizen", code: str = "TP1") -> StoredItem:
    return store.add_item(
        actor=as_(world, who),
        upload=pdf_upload("to-khai-cu.pdf"),
        meta=store.ItemMeta(title="Tờ khai cũ", document_code=code),
    )


def test_the_store_page_lists_uploads_and_shows_grants_and_the_log(world: Any) -> None:
    client = client_for(world.user("citizen"))
    page = client.get(reverse("portal:store"))
    assert page.status_code == 200 and "Kho dữ liệu của tôi" in page.content.decode()
    response = client.post(
        reverse("portal:store"),
        {
            "title": "Giấy khai sinh",
            "document_code": "giay-khai-sinh",
            "issued_on": "02/01/2020",
            "file": pdf("gks.pdf"),
        },
    )
    assert response.status_code == 302
    item = StoredItem.objects.get(owner=world.user("citizen"))
    assert (item.title, item.document_code, str(item.issued_on)) == ("Giấy khai sinh", "giay-khai-sinh", "2020-01-02")
    download = client.get(reverse("portal:store_download", args=[item.pk]))
    assert download.status_code == 200 and download.getvalue() == PDF
    dossier = submit(world)
    assert client.post(reverse("portal:store_grant"), {"dossier": dossier.code, "items": [item.pk]}).status_code == 302
    grant = AccessGrant.objects.get()
    store.read_item(actor=as_(world, "specialist"), item_id=item.pk, dossier_id=dossier.pk)
    text = client.get(reverse("portal:store")).content.decode()
    assert dossier.code in text and "Specialist" in text  # the grant and the log line
    assert client.post(reverse("portal:store_revoke", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert client.post(reverse("portal:store_delete", args=[item.pk])).status_code == 302
    assert not StoredItem.objects.exists()


def test_a_missing_title_or_file_is_said_on_the_page(world: Any) -> None:
    response = client_for(world.user("citizen")).post(reverse("portal:store"), {"title": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "Vui lòng chọn tệp." in text
    assert not StoredItem.objects.exists()


def test_who_may_use_the_store_pages(world: Any) -> None:
    item = add(world)
    dossier = submit(world)
    grant = store.grant_access(actor=as_(world, "citizen"), dossier_code=dossier.code, item_ids=[item.pk])
    urls = [
        ("get", reverse("portal:store_download", args=[item.pk])),
        ("post", reverse("portal:store_delete", args=[item.pk])),
        ("post", reverse("portal:store_revoke", args=[grant.pk])),
    ]
    anonymous = client_for(None)
    for method, url in [("get", reverse("portal:store")), *urls, ("post", reverse("portal:store_grant"))]:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and reverse("web:login") in response["Location"], url
    official = client_for(world.user("specialist"))  # even an official of the handling body with a grant
    for method, url in [("get", reverse("portal:store")), *urls]:
        response = getattr(official, method)(url)
        assert response.status_code == 302 and response["Location"] == reverse("backoffice:home"), url
    other = client_for(world.user("other_citizen"))
    for method, url in urls:
        assert getattr(other, method)(url).status_code == 404, url
    assert other.post(reverse("portal:store_grant"), {"dossier": dossier.code, "items": [item.pk]}).status_code == 404
    assert item.pk not in [i.pk for i in other.get(reverse("portal:store")).context["items"]]
    assert StoredItem.objects.filter(pk=item.pk).exists() and AccessGrant.objects.get().revoked_at is None


def test_a_required_document_is_taken_from_the_store_without_an_upload(world: Any) -> None:
    item = add(world)
    add(world, who="other_citizen")
    client = client_for(world.user("citizen"))
    assert client.post(reverse("portal:submit", args=["T.001"]), APPLICANT).status_code == 302
    draft = Draft.objects.latest("id")
    client.post(reverse("portal:draft_step", args=[draft.pk, 2]), {"action": "next", "purpose": "Bổ túc hồ sơ"})
    step3 = client.get(reverse("portal:draft_step", args=[draft.pk, 3])).content.decode()
    assert "Lấy từ kho dữ liệu" in step3 and f'name="store-TP1" value="{item.pk}"' in step3
    assert step3.count('name="store-TP1"') == 1  # only the owner's item of this type
    response = client.post(reverse("portal:draft_step", args=[draft.pk, 3]), {"action": "next", "store-TP1": item.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert DraftPick.objects.get().item == item
    review = client.get(reverse("portal:draft_step", args=[draft.pk, 4])).content.decode()
    assert "Đã lấy từ kho dữ liệu" in review
    today = clock.local_now().date()
    response = client.post(reverse("portal:draft_step", args=[draft.pk, 4]), {"delivery": "counter"})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = ReuseRecord.objects.get()
    assert (record.item, record.channel, record.document.sha256) == (item, "web", item.sha256)
    assert record.dossier.documents.get(requirement__code="TP1") == record.document
    assert not DraftPick.objects.exists()
    own = client.get(reverse("portal:dossier", args=[record.dossier.code])).content.decode()
    assert "Đã lấy từ kho dữ liệu" in own
    from motcua.dossiers.services import lifecycle

    lifecycle.receive(record.dossier.pk, actor=as_(world, "reception"))
    measures = {m["name"]: m for m in service_index("H26.101", today, today).as_dict()["measures"]}
    assert (measures["reused_data"]["numerator"], measures["reused_data"]["denominator"]) == (1, 1)


def test_another_citizens_item_cannot_be_taken(world: Any) -> None:
    theirs = add(world, who="other_citizen")
    client = client_for(world.user("citizen"))
    client.post(reverse("portal:submit", args=["T.001"]), APPLICANT)
    draft = Draft.objects.latest("id")
    client.post(reverse("portal:draft_step", args=[draft.pk, 2]), {"action": "next", "purpose": "Bổ túc hồ sơ"})
    response = client.post(reverse("portal:draft_step", args=[draft.pk, 3]), {"action": "next", "store-TP1": theirs.pk})
    assert response.status_code == 200 and not DraftPick.objects.exists() and not draft.files.exists()
