"""The work lists: sections, filters, search, htmx partials and pages."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from tests.backoffice.conftest import in_state
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db


def codes(response: Any) -> list[str]:
    return [d.code for d in (row["d"] for row in response.context["rows"])]


def test_reception_sees_online_dossiers_waiting(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    other = submit(world, agency="H26.102")
    response = login("reception").get("/backoffice/")
    assert response.status_code == 200
    assert response.context["current"] == "mine"  # Việc của tôi: dossiers to receive wait for the reception
    assert codes(response) == [d.code]
    assert response.context["rows"][0]["awaits"] == "Tiếp nhận hồ sơ"
    html = response.content.decode()
    assert d.code in html and other.code not in html
    assert "Việc của tôi" in html and "Chờ tiếp nhận" in html and "Nguyễn Thị Hằng" in html
    assert codes(login("reception").get("/backoffice/?ds=to_receive")) == [d.code]


def test_lists_mine_due_soon_overdue_and_agency(world: Any, login: Any, frozen: Any) -> None:
    from tests.backoffice.conftest import MONDAY_9

    frozen(MONDAY_9)
    d = in_state(world, "processing")  # T.001: 3 working days, due Friday 17:00
    client = login("specialist")
    assert codes(client.get("/backoffice/?ds=mine")) == [d.code]
    assert codes(client.get("/backoffice/?ds=agency")) == [d.code]
    assert codes(client.get("/backoffice/?ds=due_soon")) == []
    frozen(MONDAY_9.replace(day=25))  # Wednesday: due within 2 working days
    response = client.get("/backoffice/?ds=due_soon")
    assert codes(response) == [d.code]
    assert response.context["rows"][0]["due_soon"] is True
    assert 'class="due-soon"' in response.content.decode()
    frozen(MONDAY_9.replace(day=30))  # next Monday: overdue (due Friday 17:00)
    response = client.get("/backoffice/?ds=overdue")
    assert codes(response) == [d.code]
    assert 'class="overdue"' in response.content.decode() and "Quá hạn" in response.content.decode()
    assert codes(login("other_head").get("/backoffice/?ds=agency")) == []


def test_filters_and_search(world: Any, login: Any, at_monday: Any) -> None:
    a = submit(world)
    b = submit(
        world,
        procedure="T.002",
        files={"A": [__import__("tests.helpers").helpers.pdf_upload()]},
        form_data={},
        name="Trần Văn Bảo",
        id_number="001085099999",
    )
    client = login("reception")
    assert sorted(codes(client.get("/backoffice/?ds=to_receive"))) == sorted([a.code, b.code])
    assert codes(client.get("/backoffice/?ds=to_receive&procedure=T.002")) == [b.code]
    assert codes(client.get("/backoffice/?ds=to_receive&q=Bảo")) == [b.code]
    assert codes(client.get("/backoffice/?ds=to_receive&q=001085099999")) == [b.code]
    assert codes(client.get(f"/backoffice/?ds=to_receive&q={a.code[-4:]}")) == [a.code]
    assert codes(client.get("/backoffice/?ds=to_receive&channel=1")) == []
    assert sorted(codes(client.get("/backoffice/?ds=to_receive&channel=2&status=submitted"))) == sorted(
        [a.code, b.code]
    )
    assert codes(client.get("/backoffice/?ds=to_receive&status=received")) == []


def test_htmx_gets_the_list_only(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    response = login("reception").get("/backoffice/?ds=to_receive", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and d.code in html and 'form="worklist-filters"' in html
    assert "HX-Request" in response["Vary"]
    full = login("reception").get("/backoffice/?ds=to_receive")
    assert "<html" in full.content.decode() and 'hx-target="#worklist"' in full.content.decode()


def test_pagination(world: Any, login: Any, at_monday: Any) -> None:
    made = [submit(world).code for _ in range(22)]
    client = login("reception")
    first = client.get("/backoffice/?ds=to_receive")
    assert len(codes(first)) == 20 and first.context["next_url"] == "/backoffice/?ds=to_receive&trang=2"
    second = client.get("/backoffice/?ds=to_receive&trang=2")
    assert sorted(codes(first) + codes(second)) == sorted(made)


def test_unknown_list_falls_back(world: Any, login: Any) -> None:
    assert login("head").get("/backoffice/?ds=nope").context["current"] == "mine"
    assert login("specialist").get("/backoffice/").context["current"] == "mine"


def test_list_counts(world: Any, login: Any, at_monday: Any) -> None:
    submit(world)
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    counts = {item["name"]: item["count"] for item in login("reception").get("/backoffice/").context["lists"]}
    assert counts["to_receive"] == 1 and counts["agency"] == 2  # the agency list includes open ones not yet received
    assert Dossier.objects.count() == 2
