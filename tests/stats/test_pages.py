"""Public disclosure and the leaders' statistics pages: content, scope and authorization."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.stats.conftest import EXPECTED

NOV = "?date_from=2026-11-02&date_to=2026-11-30"
PERSONAL = ["Nguyễn Thị Hằng", "001190012345", "Trần Văn Quầy", "001085012345", "0912345678"]


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_public_disclosure_shows_figures_without_personal_data(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    response = Client().get("/cong-khai/" + NOV)
    assert response.status_code == 200
    text = response.content.decode()
    body = response.context["bodies"][0]
    assert (body.agency_code, body.received, body.online, body.resolved, body.early, body.on_time, body.late) == (
        "H26.101",
        4,
        2,
        3,
        1,
        1,
        1,
    )
    assert dataset["D"].code in text  # recently completed, by code
    for secret in PERSONAL:
        assert secret not in text
    assert Client().get("/cong-khai/?date_from=2026-12-01&date_to=2026-01-01").status_code == 200  # invalid → default


@pytest.mark.django_db
def test_leaders_see_the_report_and_drill_down(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    head = client_for(world.user("head"))
    page = head.get("/thong-ke/bao-cao/" + NOV)
    assert page.status_code == 200
    row = page.context["rows"][0].as_dict()
    assert {k: row[k] for k in EXPECTED} == EXPECTED
    cell = head.get("/thong-ke/bao-cao/o/" + NOV + "&cell=carried_over&field=T-HT&level=commune")
    assert cell.status_code == 200
    assert sorted(d.code for d in cell.context["dossiers"]) == sorted([dataset["A"].code, dataset["B"].code])
    xlsx = head.get("/thong-ke/bao-cao/" + NOV + "&format=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active["D3"].value == 6
    assert b"resolved_late" in head.get("/thong-ke/bao-cao/" + NOV + "&format=csv").content
    dashboard = head.get("/thong-ke/")
    assert dashboard.status_code == 200 and dashboard.context["overdue"][0]["total"] >= 1
    shares = dashboard.context["shares"]
    # This year so far: no fee paid online; the 6 online dossiers digitised by nature, the 3 counter ones
    # (E, G, J) not digitised (no digitisation record of their papers); no ratings.
    assert (shares["paid_online"], shares["digitised_dossiers"], shares["satisfied_ratings"]) == (0.0, 6 / 9, None)


@pytest.mark.django_db
def test_statistics_pages_are_denied_outside_the_leaders_scope(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    urls = ["/thong-ke/", "/thong-ke/bao-cao/" + NOV, "/thong-ke/bao-cao/o/" + NOV + "&cell=carried_over"]
    for url in urls:
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/")
        for name in ["citizen", "reception", "specialist", "clerk"]:
            assert client_for(world.user(name)).get(url).status_code == 403, (name, url)
    other = client_for(world.user("other_head"))  # head of H26.102: sees nothing of H26.101
    page = other.get("/thong-ke/bao-cao/" + NOV)
    assert page.status_code == 200 and page.context["rows"][-1].received_total == 0
    assert other.get("/thong-ke/bao-cao/" + NOV + "&agency=H26.101").status_code == 403
    cell = other.get("/thong-ke/bao-cao/o/" + NOV + "&cell=carried_over")
    assert cell.status_code == 200 and cell.context["count"] == 0
    for secret in PERSONAL:
        assert secret not in cell.content.decode()


@pytest.mark.django_db
def test_the_dashboard_reads_the_worker_snapshot_of_the_766_measures(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    from motcua.core import ticks
    from motcua.stats import snapshots
    from motcua.stats.models import IndexSnapshot

    head = client_for(world.user("head"))
    first = head.get("/thong-ke/").context["shares"]  # no snapshot yet: computed on first use
    snapshot = IndexSnapshot.objects.get(agency=world.commune)
    assert snapshot.measures["digitised_dossiers"] == [6, 9]
    IndexSnapshot.objects.filter(pk=snapshot.pk).update(measures={**snapshot.measures, "paid_online": [1, 4]})
    page = head.get("/thong-ke/")
    assert page.context["shares"]["paid_online"] == 0.25  # the stored figure, not a new computation
    assert "cập nhật 30 phút một lần" in page.content.decode()
    assert snapshots.refresh_all() >= 1  # the worker's refresh puts the computed figure back
    assert head.get("/thong-ke/").context["shares"] == first
    assert any(fn is snapshots.snapshots_tick and period == 1800 for period, fn in ticks._ticks)
