"""The internal process on the back-office dossier page, the step forms and "Bước xử lý của tôi"."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.organisation.services import role_grant
from motcua.processes.models import DossierStep
from tests.helpers import as_, make_user, pdf_upload
from tests.processes.steps_world import (
    MONDAY_8,
    at_approval,
    at_consultation,
    define,
    open_step,
    received,
)

pytestmark = pytest.mark.django_db
RECORD = {
    "result_number": "125/GKS-UBND",
    "result_date": "2026-11-23",
    "signer_name": "Phạm Quốc Hùng",
    "signer_position": "Chủ tịch Ủy ban nhân dân phường",
}


@pytest.fixture(autouse=True)
def _process(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)


def page(client: Any, d: Dossier) -> str:
    response = client.get(f"/backoffice/ho-so/{d.code}/")
    assert response.status_code == 200
    return str(response.content.decode())


def panel(html: str) -> str:
    match = re.search(r'<section class="card process-panel".*?</section>', html, re.S)
    assert match, "no process panel"
    return match.group(0)


def step_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)</th>', panel(html))


def actions(html: str) -> set[str]:
    return set(re.findall(r'id="thao-tac-([a-z_]+)"', html))


def post(client: Any, d: Dossier, row: DossierStep, kind: str, **fields: str) -> Any:
    data = {f"buoc-{row.pk}-{kind}-{k}": v for k, v in fields.items()}
    data.setdefault(f"buoc-{row.pk}-{kind}-version", str(Dossier.objects.get(pk=d.pk).version))
    return client.post(f"/backoffice/ho-so/{d.code}/buoc/{row.pk}/{kind}/", data)


def test_the_panel_lists_the_steps_with_their_times(world: Any, login: Any, frozen: Any) -> None:
    d = received(world)
    frozen(datetime(2026, 11, 23, 9, 30, tzinfo=VN_TZ))
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"), note="Đủ điều kiện")
    html = page(login("head"), d)
    assert step_names(html) == ["Tiếp nhận, chuyển hồ sơ", "Thẩm định hồ sơ", "Cho ý kiến của Sở Tư pháp"]
    text = panel(html)
    assert "Sở Tư pháp" in text and "Chuyên viên xử lý" in text and "Đủ điều kiện" in text
    assert "Specialist" in text  # who finished the review (the world's display name)
    assert "09:30 23/11/2026" in text and "15:30 23/11/2026" in text  # started, due 4 working hours later
    assert 'class="badge ok">Trước hạn' in text and "Trong hạn" in text
    assert "Chỉ hiển thị các bước tại cơ quan của bạn" not in text
    assert f'href="/backoffice/ho-so/{d.code}/mau-05.pdf"' in html
    frozen(datetime(2026, 11, 23, 13, 45, tzinfo=VN_TZ))
    assert "Sắp đến hạn" in panel(page(login("head"), d))
    frozen(datetime(2026, 11, 23, 16, 0, tzinfo=VN_TZ))
    assert 'class="badge late">Quá hạn' in panel(page(login("head"), d))


def test_a_consulted_body_sees_only_its_steps(world: Any, login: Any) -> None:
    d = at_consultation(world)
    html = page(login("dept_specialist"), d)
    assert step_names(html) == ["Cho ý kiến của Sở Tư pháp"]
    assert "Chỉ hiển thị các bước tại cơ quan của bạn" in panel(html)
    assert "Đủ điều kiện" not in html.split('id="h-history"')[0]  # the commune's notes are not in the panel
    assert re.search(r'id="buoc-\d+-complete"', html) and not re.search(r'id="buoc-\d+-refuse"', html)
    assert actions(html) == set()  # no dossier-level action for the consulted body
    html = page(login("dept_head"), d)
    assert step_names(html) == ["Cho ý kiến của Sở Tư pháp"]
    assert not re.search(r'id="buoc-\d+-complete"', html) and re.search(r'id="buoc-\d+-assign"', html)


def test_holders_get_the_step_forms_others_do_not(world: Any, login: Any) -> None:
    d = received(world)
    row = open_step(d)
    html = page(login("specialist"), d)
    assert f'id="buoc-{row.pk}-complete"' in html and f'id="buoc-{row.pk}-refuse"' in html
    assert f'id="buoc-{row.pk}-assign"' not in html
    for name in ("reception", "clerk"):
        html = page(login(name), d)
        assert f"buoc-{row.pk}-" not in html
    html = page(login("head"), d)
    assert f'id="buoc-{row.pk}-assign"' in html and f'id="buoc-{row.pk}-complete"' not in html


def step_controls(html: str) -> list[str]:
    """The kinds of the step controls of the page's "Thao tác" (one per details: approve, refuse, …)."""
    return re.findall(r'id="buoc-\d+-([a-z_]+)"', html.split('id="h-actions"')[1].split("</section>")[0])


def test_dossier_buttons_follow_the_process(world: Any, login: Any) -> None:
    d = received(world)
    # Without a process the head could forward, approve (after assignment) and refuse; with it, only
    # what the process allows: the review step is the specialist's, so is asking for a supplement.
    assert actions(page(login("head"), d)) == {"assign", "extend", "stop"}
    assert "request_supplement" in actions(page(login("specialist"), d))
    assert "forward" not in actions(page(login("head"), d))
    d = at_approval(world)
    html = page(login("head"), d)
    # One way to act: the head's approval step carries the decisions, the dossier buttons do not repeat them.
    assert actions(html) == {"assign", "extend", "stop"}
    assert step_controls(html) == ["approve", "refuse", "send_back"]
    assert "issue_result" not in actions(page(login("clerk"), d)) and step_controls(page(login("clerk"), d)) == []
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    html = page(login("clerk"), d)
    assert "issue_result" not in actions(html) and step_controls(html) == ["issue"]
    assert "return_result" not in actions(page(login("reception"), d))


def test_a_dossier_without_a_process_keeps_its_buttons(world: Any, login: Any) -> None:
    from motcua.processes.models import ProcessDefinition

    ProcessDefinition.objects.update(active=False)
    d = received(world)
    html = page(login("head"), d)
    assert {"forward", "assign"} <= actions(html)
    assert 'class="card process-panel"' not in html and "mau-05.pdf" not in html
    assert login("head").get(f"/backoffice/ho-so/{d.code}/mau-05.pdf").status_code == 404


def test_specialist_completes_head_approves_clerk_issues_reception_returns(world: Any, login: Any) -> None:
    d = received(world)
    response = post(login("specialist"), d, open_step(d), "complete", note="Đủ điều kiện")
    assert response.status_code == 302 and response["Location"] == f"/backoffice/ho-so/{d.code}/"
    consult = open_step(d)
    assert consult.agency == world.department
    response = post(login("dept_specialist"), d, consult, "complete", note="Nhất trí")
    assert response.status_code == 302
    approval = open_step(d)
    response = post(login("head"), d, approval, "approve", note="Đồng ý")
    assert response.status_code == 302 and Dossier.objects.get(pk=d.pk).status == "approved"
    assert DossierStep.objects.get(pk=approval.pk).outcome == "approve"
    clerk_step = open_step(d)
    response = post(login("clerk"), d, clerk_step, "issue", **RECORD)  # issuing needs the result file: 422
    assert response.status_code == 422 and "Vui lòng chọn tệp văn bản kết quả" in response.content.decode()
    assert open_step(d).pk == clerk_step.pk
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    assert post(login("clerk"), d, clerk_step, "issue", **RECORD).status_code == 302
    issued = Dossier.objects.get(pk=d.pk)
    assert (issued.status, issued.result_number, issued.result_signer_position) == (
        "result_ready",
        "125/GKS-UBND",
        "Chủ tịch Ủy ban nhân dân phường",
    )
    assert post(login("reception"), d, open_step(d), "complete").status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == "returned"
    html = page(login("head"), d)
    assert len(step_names(html)) == 6 and "Đang chờ" not in panel(html)


def test_refusal_at_a_step_needs_reasons_and_offers_mau_03(world: Any, login: Any) -> None:
    d = received(world)
    row = open_step(d)
    version = Dossier.objects.get(pk=d.pk).version
    response = post(login("specialist"), d, row, "refuse", reasons="  ")
    assert response.status_code == 422 and Dossier.objects.get(pk=d.pk).version == version
    response = post(login("specialist"), d, row, "refuse", reasons="Không thuộc thẩm quyền\nThiếu giấy tờ")
    assert response.status_code == 302 and response["Location"] == f"/backoffice/ho-so/{d.code}/?in=mau-03"
    d = Dossier.objects.get(pk=d.pk)
    assert (d.status, d.decision_note) == ("refused", "Không thuộc thẩm quyền\nThiếu giấy tờ")
    html = login("specialist").get(f"/backoffice/ho-so/{d.code}/?in=mau-03").content.decode()
    assert "mau-03.pdf" in html and "print-callout" in html
    assert login("specialist").get(f"/backoffice/ho-so/{d.code}/mau-03.pdf").status_code == 200


def test_a_stale_page_and_a_finished_step_are_conflicts(world: Any, login: Any) -> None:
    d = received(world)
    row = open_step(d)
    stale = str(Dossier.objects.get(pk=d.pk).version - 1)
    response = post(login("specialist"), d, row, "complete", version=stale)
    assert response.status_code == 409 and "vừa được người khác cập nhật" in response.content.decode()
    assert open_step(d).pk == row.pk
    assert post(login("specialist"), d, row, "complete").status_code == 302
    response = post(login("specialist"), d, row, "complete")
    assert response.status_code == 409 and "Bước này đã xong" in response.content.decode()


def test_the_head_gives_a_step_to_another_official_of_the_role(world: Any, login: Any) -> None:
    second = make_user("specialist2", full_name="Trần Văn Hai")
    role_grant(user=second, agency=world.commune, role="specialist")
    gone = make_user("specialist_gone", full_name="Người Đã Nghỉ", is_active=False)
    role_grant(user=gone, agency=world.commune, role="specialist")
    d = received(world)
    row = open_step(d)
    html = page(login("head"), d)
    options = re.findall(r'<option value="([^"]*)"', html.split(f'id="buoc-{row.pk}-assign"')[1].split("</form>")[0])
    assert options == ["", "specialist", "specialist2"]
    response = post(login("head"), d, row, "assign", assignee="specialist2")
    assert response.status_code == 302
    assert DossierStep.objects.get(pk=row.pk).assignee == second
    assert "Trần Văn Hai" in panel(page(login("head"), d))
    response = post(login("head"), d, row, "assign", assignee="specialist_gone")
    assert response.status_code == 422 and DossierStep.objects.get(pk=row.pk).assignee == second


def test_my_steps_lists_the_waiting_steps_by_due_time(world: Any, login: Any, frozen: Any) -> None:
    first = received(world)
    frozen(datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ))
    second = received(world)
    response = login("specialist").get("/backoffice/buoc-xu-ly/")
    html = response.content.decode()
    assert response.status_code == 200
    codes = re.findall(r'href="/backoffice/ho-so/([^/]+)/#quy-trinh"', html)
    assert codes == [first.code, second.code]
    assert 'aria-current="page">Bước xử lý của tôi' in html
    assert login("dept_specialist").get("/backoffice/buoc-xu-ly/").content.decode().count("#quy-trinh") == 0
    frozen(datetime(2026, 11, 25, 16, 0, tzinfo=VN_TZ))  # the first is due at 17:00, the second tomorrow
    html = login("specialist").get("/backoffice/buoc-xu-ly/").content.decode()
    assert html.count('class="badge warn">Sắp đến hạn') == 1
    frozen(datetime(2026, 11, 27, 9, 0, tzinfo=VN_TZ))
    html = login("specialist").get("/backoffice/buoc-xu-ly/").content.decode()
    assert html.count('class="badge late">Quá hạn') == 2 and "2 bước quá hạn" in html
    assert 'href="/backoffice/buoc-xu-ly/"' in login("reception").get("/backoffice/").content.decode()


def test_my_steps_query_count_does_not_grow_with_the_list(world: Any, login: Any) -> None:
    client = login("specialist")

    def one_more(assigned: bool) -> None:
        d = received(world)
        if assigned:
            lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")

    one_more(True)
    client.get("/backoffice/buoc-xu-ly/")  # warm caches (session, calendar)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/backoffice/buoc-xu-ly/").status_code == 200
    for i in range(4):
        one_more(i % 2 == 0)
    with CaptureQueriesContext(connection) as five:
        html = client.get("/backoffice/buoc-xu-ly/").content.decode()
    assert html.count("#quy-trinh") == 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


def test_my_steps_come_in_pages(world: Any, login: Any, monkeypatch: Any, frozen: Any) -> None:
    from motcua.backoffice.views import steps as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    codes = []
    for day in (23, 25, 26):
        frozen(datetime(2026, 11, day, 9, 0, tzinfo=VN_TZ))
        codes.append(received(world).code)
    frozen(datetime(2026, 11, 27, 9, 0, tzinfo=VN_TZ))  # the first two are overdue
    html = login("specialist").get("/backoffice/buoc-xu-ly/").content.decode()
    assert re.findall(r'href="/backoffice/ho-so/([^/]+)/#quy-trinh"', html) == codes[:2]
    assert "Trang 1/2" in html and 'href="/backoffice/buoc-xu-ly/?trang=2"' in html
    assert "2 bước quá hạn" in html  # the summary counts every page
    client = login("specialist")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/backoffice/buoc-xu-ly/?trang=2").content.decode()
    assert re.findall(r'href="/backoffice/ho-so/([^/]+)/#quy-trinh"', html) == codes[2:]
    steps = [q["sql"] for q in queries if 'FROM "processes_dossierstep"' in q["sql"] and "COUNT" not in q["sql"]]
    assert steps and all("LIMIT 1 OFFSET 2" in q for q in steps), steps  # only the page is read


def test_the_control_sheet_prints(world: Any, login: Any) -> None:
    d = at_consultation(world)
    response = login("head").get(f"/backoffice/ho-so/{d.code}/mau-05.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert DossierEvent.objects.filter(dossier=d).count() == 3  # printing changes nothing
