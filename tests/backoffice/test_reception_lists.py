"""The reception's lists: "Chờ trả kết quả", "Đã trả / đã kết thúc", and the search of every dossier
of the agency by code, name (accents ignored) or ID number, open or closed, with pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from motcua.dossiers import selectors
from motcua.dossiers.services import lifecycle
from tests.backoffice.conftest import MONDAY_9
from tests.backoffice.reception_world import ended
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db


def codes(response: Any) -> list[str]:
    assert response.status_code == 200
    return [row["d"].code for row in response.context["rows"]]


def counts(response: Any) -> dict[str, int | None]:
    return {item["name"]: item["count"] for item in response.context["lists"]}


def test_to_return_holds_issued_and_refused_results_until_handed_back(world: Any, login: Any, frozen: Any) -> None:
    frozen(MONDAY_9)
    ready = ended(world, "ready")
    frozen(MONDAY_9 + timedelta(hours=1))
    refused = ended(world, "refused")
    ended(world, "processing")
    ended(world, "returned")
    client = login("reception")
    response = client.get("/backoffice/?ds=to_return")
    assert codes(response) == [ready.code, refused.code]  # longest waiting first
    assert counts(response)["to_return"] == 2
    assert "Chờ trả kết quả" in response.content.decode()
    for other in ("other_reception", "specialist", "head", "clerk", "dept_reception"):
        assert codes(login(other).get("/backoffice/?ds=to_return")) == [], other
    lifecycle.return_result(ready.pk, actor=as_(world, "reception"))
    assert codes(client.get("/backoffice/?ds=to_return")) == [refused.code]


def test_closed_holds_returned_withdrawn_stopped_and_not_received(world: Any, login: Any, frozen: Any) -> None:
    made = {}
    for i, state in enumerate(("returned", "withdrawn", "stopped", "not_received", "ready", "received")):
        frozen(MONDAY_9 + timedelta(minutes=10 * i))
        made[state] = ended(world, state)
    response = login("reception").get("/backoffice/?ds=closed")
    newest_first = [made[s].code for s in ("not_received", "stopped", "withdrawn", "returned")]
    assert codes(response) == newest_first
    assert counts(response)["closed"] == 4
    assert codes(login("head").get("/backoffice/?ds=closed")) == newest_first  # handled at the commune
    assert codes(login("other_reception").get("/backoffice/?ds=closed")) == []
    assert codes(login("dept_head").get("/backoffice/?ds=closed")) == []
    html = response.content.decode()
    assert "Đã trả / đã kết thúc" in html and "Kết thúc" in html


def test_finished_dossiers_are_never_shown_overdue(world: Any, login: Any, frozen: Any) -> None:
    frozen(MONDAY_9)
    ready = ended(world, "ready")
    frozen(MONDAY_9 + timedelta(days=14))  # long past its due time: but the result is ready
    response = login("reception").get("/backoffice/?ds=to_return")
    assert codes(response) == [ready.code]
    assert response.context["rows"][0]["overdue"] is False
    assert 'class="overdue"' not in response.content.decode()


def test_search_finds_any_dossier_of_the_agency(world: Any, login: Any, frozen: Any) -> None:
    frozen(MONDAY_9)
    hang = ended(world, "returned")  # Nguyễn Thị Hằng, 001190012345: closed
    bao = submit(world, name="Trần Văn Bảo", id_number="001085099999")
    dung = ended(world, "withdrawn", name="Đặng Thị Dung", id_number="001190077777")
    theirs = submit(world, agency="H26.102", name="Nguyễn Thị Hằng Nga", id_number="001190066666")
    client = login("reception")

    def search(q: str, who: Any = client) -> list[str]:
        return codes(who.get("/backoffice/", {"ds": "search", "q": q}))

    assert search(hang.code) == [hang.code]  # the full code
    assert search(hang.code[-11:].lower()) == [hang.code]  # part of it, any case
    assert search("nguyen thi hang") == [hang.code]  # without diacritics
    assert search("HẰNG nguyễn") == [hang.code]  # words in any order, with them
    assert search("dang thi dung") == [dung.code]  # Đ folds to D
    assert search("001085099999") == [bao.code]  # ID number
    assert search(" 001190077777 ") == [dung.code]
    assert search("00119") == []  # part of an ID number is not a match
    assert sorted(search("")) == sorted([hang.code, bao.code, dung.code])  # every dossier, open or closed
    assert search(theirs.code) == [] and search("Nga") == [] and search("001190066666") == []
    # Another agency's officials never find this agency's dossiers.
    other = login("other_reception")
    assert search(hang.code, other) == [] and search("nguyen thi hang", other) == [theirs.code]
    assert search(bao.code, login("dept_head")) == []
    # The search is the official's visibility (selectors.visible_dossiers), and counts no list tab.
    response = client.get("/backoffice/?ds=search")
    assert counts(response)["search"] is None
    assert set(codes(response)) == set(
        selectors.visible_dossiers(world.user("reception")).values_list("code", flat=True)
    )


def test_a_search_in_a_list_offers_every_dossier(world: Any, login: Any, at_monday: Any) -> None:
    closed = ended(world, "returned")
    response = login("reception").get("/backoffice/", {"ds": "mine", "q": "nguyen thi hang"})
    assert codes(response) == []
    assert response.context["everywhere"] == {"url": "/backoffice/?q=nguyen+thi+hang&ds=search", "count": 1}
    html = response.content.decode()
    assert "trong mọi hồ sơ (kể cả đã kết thúc): 1 hồ sơ" in html
    assert codes(login("reception").get(response.context["everywhere"]["url"])) == [closed.code]
    assert login("reception").get("/backoffice/?ds=search&q=x").context["everywhere"] is None


def test_search_has_pages(world: Any, login: Any, at_monday: Any) -> None:
    made = [submit(world).code for _ in range(23)]
    client = login("reception")
    first = client.get("/backoffice/", {"ds": "search", "q": "nguyen"})
    assert len(codes(first)) == 20 and first.context["page"].paginator.count == 23
    assert first.context["next_url"] == "/backoffice/?q=nguyen&ds=search&trang=2"
    second = client.get(first.context["next_url"])
    assert sorted(codes(first) + codes(second)) == sorted(made)
    assert "Trang 2/2" in second.content.decode()


@pytest.mark.parametrize("asked", ["0", "-1", "99999", "abc", "1.5", "", "%00", "9" * 30])
def test_bad_page_numbers_show_a_real_page(world: Any, login: Any, at_monday: Any, asked: str) -> None:
    for _ in range(21):
        submit(world)
    client = login("reception")
    for name in ("mine", "to_receive", "to_return", "due_soon", "overdue", "agency", "closed", "search"):
        response = client.get("/backoffice/", {"ds": name, "trang": asked})
        assert response.status_code == 200, (name, asked)
        number, total = response.context["page"].number, response.context["page"].paginator.num_pages
        assert 1 <= number <= total, (name, asked)
        assert number == (total if asked.startswith("99") else 1)
        assert all(c is None or c >= 0 for c in counts(response).values())
        assert "Trang -" not in response.content.decode() and "Trang 0" not in response.content.decode()
    steps = client.get("/backoffice/buoc-xu-ly/", {"trang": asked})
    assert steps.status_code == 200 and steps.context["page"].number == 1


def test_the_folded_name_is_written_at_submission_and_by_the_migration(world: Any, at_monday: Any) -> None:
    import importlib

    from django.apps import apps

    from motcua.dossiers.models import Dossier

    d = submit(world, name="Đặng  Thị Ánh")
    assert Dossier.objects.get(pk=d.pk).applicant_name_folded == "dang thi anh"
    Dossier.objects.filter(pk=d.pk).update(applicant_name_folded="")
    importlib.import_module("motcua.dossiers.migrations.0003_applicant_search").fill(apps, None)
    assert Dossier.objects.get(pk=d.pk).applicant_name_folded == "dang thi anh"
