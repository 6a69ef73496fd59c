"""Status sync to the national portal through the outbox, against the real peer: in order per dossier,
retried while the portal is down, slow or answers garbage, never twice, and sent again by hand."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from motcua.core import outbox
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.national_portal.models import StatusSync
from motcua.national_portal.services import sync
from tests.helpers import as_, pdf_upload, result_record, submit
from tests.national_portal.conftest import run_outbox

pytestmark = pytest.mark.django_db(transaction=True)
# submit, receive, assign, approve, issue_result, return_result (the result upload is no step)
WORKED = ["1", "2", "4", "4", "9", "10"]


def pushed(portal: Any) -> tuple[Dossier, str]:
    result = portal.push()
    assert result["answer"]["error_code"] == "0", result
    return Dossier.objects.get(code=result["answer"]["MaHoSoDiaPhuong"]), result["message"]["HoSo"]["MaHoSo"]


def work(world: Any, d: Dossier, *, until: str = "return") -> None:
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    if until == "receive":
        return
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    lifecycle.return_result(d.pk, actor=as_(world, "reception"))


def test_every_status_and_step_reaches_the_portal_in_order_with_dates_and_the_result(world, portal):
    d, national = pushed(portal)
    work(world, d)
    run_outbox()
    assert portal.statuses(national) == WORKED
    messages = portal.call(f"/_sim/statuses/{national}")
    last = messages[-1]
    d.refresh_from_db()
    assert last["HoSo"]["MaHoSoDiaPhuong"] == d.code
    assert last["HoSo"]["NgayTiepNhan"] == d.received_at.astimezone(world_tz()).strftime("%Y%m%d%H%M%S")
    assert len(last["HoSo"]["NgayTra"]) == 14
    assert last["QuaTrinhXuLy"][0]["NguoiXuLy"] == "Reception"
    assert last["QuaTrinhXuLy"][0]["TrangThai"] == "10"
    results = last["HoSo"]["DanhSachGiayToKetQua"]
    assert [(r["TenGiayTo"], r["SoKyHieu"]) for r in results] == [("ket-qua.pdf", "125/GKS-UBND")]
    file = Client().get(results[0]["DuongDanTepTin"].removeprefix(portal_public(results[0]["DuongDanTepTin"])))
    assert file.status_code == 200
    assert file.getvalue().startswith(b"%PDF")
    assert list(StatusSync.objects.filter(dossier=d).values_list("sequence", "state")) == [
        (i, "sent") for i in range(1, 7)
    ]
    assert portal.log()["duplicates"] == 0


def world_tz() -> Any:
    from motcua.core.clock import VN_TZ

    return VN_TZ


def portal_public(link: str) -> str:
    return link[: link.index("/dvcqg/")]


@pytest.mark.parametrize("fault", ["down", "garbage"])
def test_while_the_portal_is_down_or_garbage_nothing_is_lost_and_it_arrives_in_order_when_back(world, portal, fault):
    d, national = pushed(portal)
    portal.mode(fault)
    work(world, d, until="receive")
    run_outbox()
    syncs = list(StatusSync.objects.filter(dossier=d))
    assert [(s.sequence, s.state) for s in syncs] == [(1, "queued"), (2, "queued")]
    # Both outbox messages tried the first status first; the second was never sent before it.
    assert (syncs[0].attempts, syncs[1].attempts) == (2, 0)
    assert syncs[0].last_error
    assert portal.statuses(national) == []
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    run_outbox(later=True)  # still failing: retried, nothing overtakes
    assert portal.statuses(national) == []
    portal.mode("ok")
    run_outbox(later=True)
    assert portal.statuses(national) == ["1", "2", "4"]
    assert portal.log()["duplicates"] == 0
    assert set(StatusSync.objects.filter(dossier=d).values_list("state", flat=True)) == {"sent"}
    assert not OutboxMessage.objects.filter(topic="dvcqg.sync").exclude(status="sent").exists()


def test_a_slow_portal_times_out_and_the_resend_is_not_a_second_status(world, portal):
    d, national = pushed(portal)
    portal.mode("slow")  # answers after 2 s; we wait 1 s: the portal keeps the message, we lose the answer
    run_outbox()
    s = StatusSync.objects.get(dossier=d)
    assert (s.state, s.attempts) == ("queued", 1)
    time.sleep(2.5)  # the portal finishes the slow call: it holds the message we got no answer for
    assert portal.statuses(national) == ["1"]
    portal.mode("ok")
    run_outbox(later=True)
    s.refresh_from_db()
    assert s.state == "sent"
    assert portal.statuses(national) == ["1"]
    assert portal.log()["duplicates"] == 1  # the portal saw it twice and kept one


def test_a_message_the_portal_refuses_fails_blocks_the_later_ones_and_is_sent_again_by_hand(
    world, portal, settings, controller
):
    d, national = pushed(portal)
    settings.MOTCUA_DVCQG_STATUS_MAP = '{"submitted": ""}'  # a map the portal does not accept
    run_outbox()
    first = StatusSync.objects.get(dossier=d)
    assert (first.state, first.national_status) == ("failed", "")
    assert first.response["error_code"] == "2"
    settings.MOTCUA_DVCQG_STATUS_MAP = ""
    work(world, d, until="receive")
    run_outbox()
    second = StatusSync.objects.get(dossier=d, sequence=2)
    assert second.state == "queued"
    assert "MOTCUA-" in second.last_error
    assert portal.statuses(national) == []
    # The failed message is fixed on our side and sent again: then the later one follows.
    StatusSync.objects.filter(pk=first.pk).update(
        payload={**first.payload, "HoSo": {**first.payload["HoSo"], "TrangThaiHoSo": "1"}}
    )
    sync.resend(first.pk, actor=as_(world, "kiemsoat"))
    run_outbox(later=True)
    assert portal.statuses(national) == ["1", "2"]


def test_the_last_failed_attempt_fails_the_message_for_the_official(world, portal, controller):
    d, national = pushed(portal)
    portal.mode("down")
    run_outbox()
    msg = OutboxMessage.objects.get(topic="dvcqg.sync")
    OutboxMessage.objects.filter(pk=msg.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    run_outbox(later=True)
    s = StatusSync.objects.get(dossier=d)
    assert s.state == "failed"
    assert OutboxMessage.objects.get(pk=msg.pk).status == "failed"
    portal.mode("ok")
    sync.resend(s.pk, actor=as_(world, "kiemsoat"))
    run_outbox()
    assert portal.statuses(national) == ["1"]


def test_every_dossier_is_synced_unless_the_setting_limits_it_to_the_portal_ones(world, portal, settings):
    local = submit(world)
    run_outbox()
    assert portal.statuses(local.code) == ["1"]  # a local online filing: its local code is MaHoSo
    settings.MOTCUA_DVCQG_SYNC_ALL = False
    other = submit(world)
    lifecycle.receive(local.pk, actor=as_(world, "reception"))
    run_outbox()
    assert portal.statuses(other.code) == []
    assert not StatusSync.objects.filter(dossier=other).exists()
    assert portal.statuses(local.code) == ["1"]


def test_the_status_map_is_a_setting(world, portal, settings):
    settings.MOTCUA_DVCQG_STATUS_MAP = '{"submitted": "01", "received": "02"}'
    d, national = pushed(portal)
    work(world, d, until="receive")
    run_outbox()
    assert portal.statuses(national) == ["01", "02"]


def test_nothing_is_synced_while_the_exchange_is_off(world, portal, settings):
    settings.MOTCUA_DVCQG_ENABLED = False
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    run_outbox()
    assert not StatusSync.objects.exists()
    assert not OutboxMessage.objects.filter(topic="dvcqg.sync").exists()
    assert portal.log()["messages"] == []
