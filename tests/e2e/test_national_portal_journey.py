"""A dossier filed on the national public service portal, in Chromium at 1280 px: the portal's peer
pushes it, the reception officer finds it in the back office with its national code and receives it,
the national payment platform's confirmation pays its fee, the head assigns and approves it, the
clerk issues the result, reception returns it; the peer then holds every status in order, once each,
and the TTHC control officer reads the sync log from the menu. axe on each page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from motcua.national_portal.dvcqg import mapping
from motcua.national_portal.services import payments
from motcua.national_portal.services.sync import SKIPPED
from tests.e2e.test_backoffice_journeys import act, check, log_in, log_out, open_dossier, submit_action
from tests.helpers import PDF
from tests.national_portal.conftest import Peer, run_outbox, start_peer, stop_peer


@pytest.fixture
def demo_portal(live_server: Any, settings: Any) -> Iterator[Peer]:
    """The peer with its defaults: the demo procedure 2.000635 at Phường Hoàn Kiếm."""
    peer = start_peer(f"{live_server.url}/dvcqg/ho-so")
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_DVCQG_ENABLED = True
    settings.MOTCUA_DVCQG_URL = peer.url
    settings.MOTCUA_DVCQG_TIMEOUT = 2.0
    try:
        yield peer
    finally:
        stop_peer(peer)


@pytest.mark.django_db(transaction=True)
def test_a_dossier_from_the_national_portal_is_worked_and_the_portal_holds_every_status(
    live_server: Any, page: Any, tmp_path: Path, demo_portal: Peer
) -> None:
    load_demo()
    base = live_server.url
    pushed = demo_portal.push()
    assert pushed["answer"]["error_code"] == "0", pushed
    national, code = pushed["message"]["HoSo"]["MaHoSo"], pushed["answer"]["MaHoSoDiaPhuong"]

    # Reception: the dossier waits to be received, with its national code; receive it.
    log_in(page, base, "tiepnhan.hoankiem")
    assert page.locator(f"#worklist a:text('{code}')").count() == 1
    page.click(f"#worklist a:text('{code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"
    assert page.inner_text(".national-sync .national-code") == national
    check(page, "dvcqg-01-dossier-from-portal")
    act(page, "receive")
    submit_action(page, "receive")
    assert "Đã tiếp nhận hồ sơ." in page.inner_text(".messages")
    assert Dossier.objects.get(code=code).status == "fee_requested"  # the copy fee is paid first
    log_out(page)

    # The applicant pays on the national portal; the platform's confirmation settles the fee.
    demo_portal.call("/_sim/pay", {"MaHoSo": national, "SoTien": 8000})
    assert payments.pull().outcomes == {"settled": 1}

    log_in(page, base, "lanhdao.hoankiem")
    open_dossier(page, base, code)
    act(page, "assign")
    page.select_option("#id_assign-assignee", "chuyenvien.hoankiem")
    submit_action(page, "assign")
    assert "Đã phân công xử lý." in page.inner_text(".messages")
    act(page, "approve")
    submit_action(page, "approve")
    assert "Đã phê duyệt hồ sơ." in page.inner_text(".messages")
    log_out(page)

    result = tmp_path / "ban-sao-trich-luc.pdf"
    result.write_bytes(PDF)
    log_in(page, base, "vanthu.hoankiem")
    open_dossier(page, base, code)
    act(page, "issue_result")
    page.set_input_files("#id_issue_result-file", str(result))
    page.fill("#id_issue_result-result_number", "52/TLHT-UBND")
    page.fill("#id_issue_result-signer_position", "Chủ tịch Ủy ban nhân dân phường")
    submit_action(page, "issue_result")
    assert "Đã ban hành kết quả." in page.inner_text(".messages")
    log_out(page)

    log_in(page, base, "tiepnhan.hoankiem")
    open_dossier(page, base, code)
    act(page, "return_result")
    submit_action(page, "return_result")
    assert "Đã trả kết quả cho người nộp." in page.inner_text(".messages")

    # The worker syncs: the portal holds every status, in order, once each.
    run_outbox()
    dossier = Dossier.objects.get(code=code)
    steps = [e for e in dossier.events.order_by("id") if e.action not in SKIPPED]
    assert [e.action for e in steps] == [
        "submit",
        "receive",
        "fee_paid",
        "assign",
        "approve",
        "issue_result",
        "return_result",
    ]
    assert demo_portal.statuses(national) == [mapping.national_status(e.to_status) for e in steps]
    assert demo_portal.statuses(national) == ["1", "6", "2", "4", "4", "9", "10"]
    assert demo_portal.log()["duplicates"] == 0
    last = demo_portal.call(f"/_sim/statuses/{national}")[-1]["HoSo"]
    assert [r["SoKyHieu"] for r in last["DanhSachGiayToKetQua"]] == ["52/TLHT-UBND"]
    page.reload()
    assert page.locator(".national-sync tr.sync-sent").count() == 7
    check(page, "dvcqg-02-dossier-synced")
    log_out(page)

    # The TTHC control officer reads the sync log from the menu.
    log_in(page, base, "kiemsoat.tthc")
    page.click("nav a:text('Liên thông Cổng DVCQG')")
    page.wait_for_url(base + "/dvcqg/nhat-ky/")
    assert page.locator("table.sync-log tbody tr.sync-sent").count() == 7
    assert page.locator("table.intake-log tbody tr.intake-accepted").count() == 1
    check(page, "dvcqg-03-sync-log")
