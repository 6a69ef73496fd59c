""" "Việc của tôi": one inbox with everything waiting for the official, process steps included (step
name, due time, link to the dossier); the "Người xử lý" column; the back-office menu by role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.clock import VN_TZ
from motcua.dossiers.services import lifecycle
from motcua.organisation.services import role_grant
from motcua.processes import services
from tests.helpers import as_, make_user, submit
from tests.processes.steps_world import MONDAY_8, at_consultation, define, open_step, received

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200
    return list(response.context["rows"])


def codes(response: Any) -> list[str]:
    return [r["d"].code for r in rows(response)]


def second_specialist(world: Any) -> Any:
    user = world.users["specialist2"] = make_user("specialist2", full_name="Đỗ Văn Hai")
    role_grant(user=user, agency=world.commune, role="specialist")
    return user


def test_the_default_list_holds_my_open_steps_with_name_and_due_time(world: Any, login: Any, process: Any) -> None:
    d = received(world)  # the one-stop desk's step is done; "Thẩm định hồ sơ" waits at the commune's specialists
    row = open_step(d)
    response = login("specialist").get("/backoffice/")
    assert response.context["current"] == "mine"
    [item] = rows(response)
    assert item["d"].code == d.code
    assert [(s["r"].step.name, s["r"].due_at) for s in item["steps"]] == [("Thẩm định hồ sơ", row.due_at)]
    html = response.content.decode()
    assert f'href="/backoffice/ho-so/{d.code}/#quy-trinh"' in html
    assert "Thẩm định hồ sơ" in html and row.due_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") in html
    assert "Việc chờ bạn" in html
    # The head, the clerk and the consulted body have nothing waiting yet; the reception neither (received).
    for other in ("head", "clerk", "dept_specialist", "reception", "other_head"):
        assert codes(login(other).get("/backoffice/")) == [], other


def test_a_step_given_to_one_specialist_leaves_the_others_inbox(world: Any, login: Any, process: Any) -> None:
    second_specialist(world)
    d = received(world)
    assert codes(login("specialist2").get("/backoffice/")) == [d.code]  # unassigned: everyone of the role
    services.assign_step(d.pk, open_step(d).pk, actor=as_(world, "head"), assignee_id=world.user("specialist").pk)
    assert codes(login("specialist2").get("/backoffice/")) == []
    assert codes(login("specialist").get("/backoffice/")) == [d.code]


def test_the_inbox_follows_the_process(world: Any, login: Any, process: Any, frozen: Any) -> None:
    d = at_consultation(world)  # the Sở Tư pháp's specialist is consulted
    assert codes(login("specialist").get("/backoffice/")) == []
    [item] = rows(login("dept_specialist").get("/backoffice/"))
    assert [s["r"].step.name for s in item["steps"]] == ["Cho ý kiến của Sở Tư pháp"]
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "dept_specialist"), note="Nhất trí")
    assert codes(login("dept_specialist").get("/backoffice/")) == []
    [item] = rows(login("head").get("/backoffice/"))
    assert [s["r"].step.name for s in item["steps"]] == ["Phê duyệt"]
    frozen(MONDAY_8 + timedelta(days=7))  # long past the step's due time
    [item] = rows(login("head").get("/backoffice/"))
    assert item["steps"][0]["state"] == "overdue"
    assert "badge late" in login("head").get("/backoffice/").content.decode()


def test_reception_inbox_holds_what_to_receive_and_to_return(world: Any, login: Any, at_monday: Any) -> None:
    from tests.backoffice.reception_world import ended

    waiting = submit(world)
    ready = ended(world, "ready")
    ended(world, "returned")
    ended(world, "processing")
    response = login("reception").get("/backoffice/")
    got = {r["d"].code: r["awaits"] for r in rows(response)}
    assert got == {waiting.code: "Tiếp nhận hồ sơ", ready.code: "Trả kết quả"}
    assert codes(login("other_reception").get("/backoffice/")) == []


def test_an_assigned_dossier_waits_for_its_assignee(world: Any, login: Any, at_monday: Any) -> None:
    from tests.backoffice.conftest import in_state

    d = in_state(world, "processing")  # no process: the head gave it to the specialist
    [item] = rows(login("specialist").get("/backoffice/"))
    assert (item["d"].code, item["awaits"], item["steps"]) == (d.code, "Xử lý hồ sơ được phân công", [])
    assert item["handlers"].names == ("Specialist",)


def test_handlers_column(world: Any, login: Any, process: Any) -> None:
    second_specialist(world)
    d = received(world)
    [item] = rows(login("head").get("/backoffice/?ds=agency"))
    assert item["handlers"].names == ("Đỗ Văn Hai", "Specialist") and item["handlers"].more == 0  # the role's holders
    services.assign_step(d.pk, open_step(d).pk, actor=as_(world, "head"), assignee_id=world.user("specialist").pk)
    response = login("head").get("/backoffice/?ds=agency")
    [item] = rows(response)
    assert item["handlers"].names == ("Specialist",)
    assert "Người xử lý" in response.content.decode()
    for i in range(3):
        role_grant(user=make_user(f"s{i}", full_name=f"Chuyên viên {i}"), agency=world.commune, role="specialist")
    other = received(world)
    item = next(r for r in rows(login("head").get("/backoffice/?ds=agency")) if r["d"].pk == other.pk)
    assert item["handlers"].names == ("Chuyên viên 0", "Chuyên viên 1", "Chuyên viên 2")
    assert item["handlers"].more == 2
    assert "và 2 người khác" in login("head").get("/backoffice/?ds=agency").content.decode()


def test_lists_do_not_query_per_row(world: Any, login: Any, process: Any) -> None:
    client = login("specialist")
    received(world)
    client.get("/backoffice/")
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get("/backoffice/"))) == 1
    for _ in range(4):
        received(world)
    with CaptureQueriesContext(connection) as five:
        assert len(rows(client.get("/backoffice/"))) == 5
    assert len(five) == len(one), [q["sql"] for q in five]
    for name in ("agency", "search", "to_return", "closed"):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/backoffice/?ds={name}")
        assert len(queries) <= len(one) + 2, (name, len(queries))


@pytest.mark.parametrize(
    ("who", "counter", "feedback"),
    [
        ("reception", True, True),
        ("specialist", False, True),
        ("head", False, True),
        ("clerk", False, False),
        ("dept_clerk", False, False),
        ("tthc", False, True),
    ],
)
def test_menu_by_role(world: Any, login: Any, who: str, counter: bool, feedback: bool) -> None:
    if who == "tthc":
        world.users["tthc"] = make_user("tthc", full_name="Kiểm soát TTHC")
        role_grant(user=world.users["tthc"], agency=world.department, role="tthc_control")
    html = login(who).get("/backoffice/").content.decode()
    assert ('href="/phan-anh/xu-ly/"' in html) is feedback
    assert ('href="/backoffice/tiep-nhan/"' in html) is counter
    assert login(who).get("/phan-anh/xu-ly/").status_code == (200 if feedback else 403)
