"""The applicant's data store (kho dữ liệu điện tử): the services, who may read, results landing in it, reuse."""

from __future__ import annotations

import os
import stat
from datetime import date
from typing import Any

import pytest

from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.core.errors import NotFound, PermissionDenied, ValidationError
from motcua.core.models import AuditLog
from motcua.datastore.models import AccessLog, ReuseRecord, StoredItem
from motcua.datastore.services import store
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.stats.services.service_index import service_index
from tests.helpers import as_, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db


def add(world: Any, who: str = "citizen", code: str = "TP1", **meta: Any) -> StoredItem:
    return store.add_item(
        actor=as_(world, who),
        upload=pdf_upload("giay-to.pdf"),
        meta=store.ItemMeta(title=meta.pop("title", "Tờ khai đã lưu"), document_code=code, **meta),
    )


def test_the_owner_adds_an_item_kept_private_and_audited(world: Any) -> None:
    item = add(world, number="12/2026", issued_on=date(2026, 1, 2))
    assert (item.source, item.size, len(item.sha256)) == (StoredItem.Source.UPLOADED, item.file.size, 64)
    assert stat.S_IMODE(os.stat(item.file.path).st_mode) == 0o600
    assert AuditLog.objects.filter(action="datastore.add", object_id=str(item.pk)).exists()


def test_bad_metadata_and_officials_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        add(world, title=" ")
    assert exc.value.details == {"field": "title"}
    with pytest.raises(ValidationError):
        add(world, issued_on=date(2026, 5, 1), valid_until=date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        add(world, who="reception")


def test_another_citizen_can_neither_read_nor_delete_nor_grant(world: Any) -> None:
    item = add(world)
    with pytest.raises(NotFound):
        store.read_item(actor=as_(world, "other_citizen"), item_id=item.pk)
    with pytest.raises(NotFound):
        store.delete_item(actor=as_(world, "other_citizen"), item_id=item.pk)
    dossier = submit(world)
    with pytest.raises(NotFound):  # not their dossier
        store.grant_access(actor=as_(world, "other_citizen"), dossier_code=dossier.code, item_ids=[item.pk])
    other_item = add(world, who="other_citizen")
    with pytest.raises(ValidationError):  # not their item
        store.grant_access(actor=as_(world, "citizen"), dossier_code=dossier.code, item_ids=[other_item.pk])
    assert StoredItem.objects.filter(pk=item.pk).exists()
    assert not AccessLog.objects.exists()


def test_an_official_reads_only_under_a_live_grant_for_the_dossier_and_each_read_is_logged(world: Any) -> None:
    item = add(world)
    dossier = submit(world)
    with pytest.raises(NotFound):  # no grant yet
        store.read_item(actor=as_(world, "specialist"), item_id=item.pk, dossier_id=dossier.pk)
    grant = store.grant_access(actor=as_(world, "citizen"), dossier_code=dossier.code, item_ids=[item.pk])
    assert grant.agency == world.commune
    assert store.read_item(actor=as_(world, "specialist"), item_id=item.pk, dossier_id=dossier.pk) == item
    with pytest.raises(NotFound):  # an official of another body
        store.read_item(actor=as_(world, "other_head"), item_id=item.pk, dossier_id=dossier.pk)
    with pytest.raises(NotFound):  # the grant is for this dossier only
        store.read_item(actor=as_(world, "specialist"), item_id=item.pk, dossier_id=submit(world).pk)
    log = AccessLog.objects.get()
    assert (log.reader, log.agency, log.dossier, log.purpose) == (
        world.user("specialist"),
        world.commune,
        dossier,
        "grant",
    )
    store.revoke_grant(actor=as_(world, "citizen"), grant_id=grant.pk)
    with pytest.raises(NotFound):
        store.read_item(actor=as_(world, "specialist"), item_id=item.pk, dossier_id=dossier.pk)
    with pytest.raises(NotFound):  # only the owner revokes
        store.revoke_grant(actor=as_(world, "other_citizen"), grant_id=grant.pk)


def test_the_owner_deletes_an_item_and_its_file(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = add(world)
    path = item.file.path
    with django_capture_on_commit_callbacks(execute=True):
        store.delete_item(actor=as_(world, "citizen"), item_id=item.pk)
    assert not StoredItem.objects.filter(pk=item.pk).exists() and not os.path.exists(path)


def issued(world: Any) -> Any:
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    return lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())


def test_an_issued_result_lands_in_the_applicants_store_once(world: Any) -> None:
    d = issued(world)
    outbox.deliver_due()
    outbox.deliver_due()
    item = StoredItem.objects.get(owner=world.user("citizen"))
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    assert (item.source, item.source_dossier, item.sha256, item.number) == ("result", d, doc.sha256, "125/GKS-UBND")
    assert item.title == "Giấy xác nhận" and item.issuing_body == world.commune.name
    store.store_result(doc.pk)  # a second delivery stores nothing new
    assert StoredItem.objects.count() == 1


def test_reuse_at_the_counter_is_logged_and_counted(world: Any, frozen: Any) -> None:
    from motcua.dossiers.services.applicants import ApplicantData
    from motcua.dossiers.services.submission import SubmissionInput

    item = add(world)
    citizen = world.user("citizen")
    officer = Actor(user=world.user("reception"), channel="counter")
    with pytest.raises(NotFound):  # a reception officer of another body
        store.counter_items(
            actor=as_(world, "other_reception"), agency_id=world.commune.pk, owner=citizen, document_code="TP1"
        )
    assert store.counter_items(actor=officer, agency_id=world.commune.pk, owner=citizen, document_code="TP1") == [item]
    data = SubmissionInput(
        procedure_code="T.001",
        agency_code="H26.101",
        applicant=ApplicantData(
            type="citizen",
            name=citizen.full_name,
            id_number=citizen.personal_id,
            phone="0912345678",
            email="",
            address="",
        ),
        form_data={"purpose": "Bổ túc hồ sơ"},
    )
    today = clock.local_now().date()
    before = service_index("H26.101", today, today).as_dict()
    dossier = store.submit_at_counter_with_store(
        actor=officer, data=data, files={}, picks={"TP1": item.pk}, applicant_user=citizen
    )
    record = ReuseRecord.objects.get()
    assert (record.dossier, record.item, record.channel) == (dossier, item, "counter")
    log = AccessLog.objects.get(purpose="counter")
    assert (log.dossier, log.reader) == (dossier, world.user("reception"))
    assert AccessLog.objects.filter(purpose="counter_list", item=item).count() == 1
    after = service_index("H26.101", today, today).as_dict()
    reused = {m["name"]: m for m in after["measures"]}["reused_data"]
    assert (reused["numerator"], reused["denominator"]) == (1, 1)
    assert {m["name"]: m for m in before["measures"]}["reused_data"]["points"] is None


def test_an_expired_or_other_type_item_is_not_taken(world: Any) -> None:
    old = add(world, issued_on=date(2020, 1, 1), valid_until=date(2021, 1, 1))
    other = add(world, code="TP2")
    for item in (old, other):
        with pytest.raises(ValidationError):
            store.check_pick(world.user("citizen"), "TP1", item.pk)
    with pytest.raises(NotFound):
        store.check_pick(world.user("other_citizen"), "TP1", other.pk)
