"""Officials on the dossier page: one control to move a step on and at most one to refuse, the head's
"Trả lại chuyên viên", who is working the dossier, errors at the top of the page, the result's
number, date and signer, and the bound on an extension."""

from __future__ import annotations

import re
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.processes import services
from motcua.processes.models import DossierStep
from tests.helpers import as_, pdf_upload, result_record, submit
from tests.processes.steps_world import (
    MONDAY_8,
    at_approval,
    define,
    open_step,
    received,
    written_state,
)
from tests.processes.test_send_back import COMMON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday(frozen: Any) -> None:
    frozen(MONDAY_8)


def common(world: Any) -> Dossier:
    """A received dossier of the common process (the specialist may not refuse, the head may)."""
    services.clear_caches()
    services.definition_from_steps("T.001", COMMON, actor=SYSTEM)
    return lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))


def page(client: Any, d: Dossier) -> str:
    response = client.get(f"/backoffice/ho-so/{d.code}/")
    assert response.status_code == 200
    return str(response.content.decode())


def buttons(html: str) -> list[str]:
    """The labels of every submit button of the page, in order."""
    return [
        re.sub(r"\s+", " ", b).strip() for b in re.findall(r'<button type="submit"[^>]*>(.*?)</button>', html, re.S)
    ]


def post_step(
    client: Any, d: Dossier, row: DossierStep, kind: str, files: dict[str, Any] | None = None, **fields: str
) -> Any:
    data: dict[str, Any] = {f"buoc-{row.pk}-{kind}-{k}": v for k, v in fields.items()}
    data.setdefault(f"buoc-{row.pk}-{kind}-version", str(Dossier.objects.get(pk=d.pk).version))
    data.update({f"buoc-{row.pk}-{kind}-{k}": v for k, v in (files or {}).items()})
    return client.post(f"/backoffice/ho-so/{d.code}/buoc/{row.pk}/{kind}/", data)


APPROVE_LIKE = {"Phê duyệt", "Hoàn thành bước", "Trình lãnh đạo", "Ban hành kết quả", "Trả kết quả"}
REFUSE_LIKE = {"Từ chối giải quyết (Mẫu 03)"}


def test_the_head_at_the_approval_step_has_one_approve_and_one_refuse(world: Any, login: Any) -> None:
    define()
    d = at_approval(world)
    labels = buttons(page(login("head"), d))
    assert [b for b in labels if b in APPROVE_LIKE] == ["Phê duyệt"]
    assert [b for b in labels if b in REFUSE_LIKE] == ["Từ chối giải quyết (Mẫu 03)"]
    assert labels.count("Trả lại chuyên viên") == 1
    assert "Từ chối giải quyết" not in labels  # the dossier's own refusal is not offered beside the step's


def test_the_specialist_has_one_control_and_no_refusal_where_his_step_may_not_refuse(world: Any, login: Any) -> None:
    d = common(world)
    html = page(login("specialist"), d)
    labels = buttons(html)
    assert [b for b in labels if b in APPROVE_LIKE] == ["Trình lãnh đạo"]
    assert [b for b in labels if "Từ chối" in b] == []
    assert "Bước tiếp theo: Phê duyệt kết quả (Lãnh đạo)" in html
    # Where the process lets his step refuse (the consulted-body world gives the review that right), he may.
    define()
    d = received(world)
    labels = buttons(page(login("specialist"), d))
    assert [b for b in labels if b in APPROVE_LIKE] == ["Hoàn thành bước"]  # the next step is the department's
    assert [b for b in labels if b in REFUSE_LIKE] == ["Từ chối giải quyết (Mẫu 03)"]


def test_a_refusal_posted_at_a_step_that_may_not_refuse_is_refused_on_the_page(world: Any, login: Any) -> None:
    d = common(world)
    row = open_step(d)
    before = written_state()
    response = post_step(login("specialist"), d, row, "refuse", reasons="Không đủ điều kiện")
    html = response.content.decode()
    assert response.status_code == 403
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "bước “Thẩm định hồ sơ, đề xuất” không được từ chối giải quyết hồ sơ" in summary
    assert written_state() == before


def test_the_head_sends_back_from_the_page_and_the_specialist_sees_it(world: Any, login: Any) -> None:
    d = common(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"), note="Đủ điều kiện")
    approval = open_step(d)
    response = post_step(login("head"), d, approval, "send_back", reason="  ")
    assert response.status_code == 422
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_buoc-{approval.pk}-send_back-reason"' in summary and "Lý do trả lại" in summary
    response = post_step(login("head"), d, approval, "send_back", reason="Thiếu xác minh nơi cư trú")
    assert response.status_code == 302 and response["Location"] == f"/backoffice/ho-so/{d.code}/"
    again = open_step(d)
    assert (again.step.name, again.assignee) == ("Thẩm định hồ sơ, đề xuất", world.user("specialist"))
    assert OutboxMessage.objects.filter(key=f"step_returned:{again.pk}:{world.user('specialist').pk}").exists()
    html = page(login("specialist"), d)
    rows = re.findall(r'<tr class="step-row[^"]*" id="buoc-\d+">\s*<th scope="row">([^<]+)</th>.*?</tr>', html, re.S)
    assert rows == [
        "Tiếp nhận, chuyển hồ sơ",
        "Thẩm định hồ sơ, đề xuất",
        "Phê duyệt kết quả",
        "Thẩm định hồ sơ, đề xuất",
    ]
    assert "Trả lại bước trước" in html and "Thiếu xác minh nơi cư trú" in html
    assert [b for b in buttons(html) if b in APPROVE_LIKE] == ["Trình lãnh đạo"]
    timeline = html.split('id="h-history"')[1]
    assert "Trả lại chuyên viên" in timeline
    citizen = login("citizen").get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert "Trả lại chuyên viên" not in citizen and "Thiếu xác minh nơi cư trú" not in citizen  # internal work
    # The head's step came back: no "Trả lại" for a step that has no specialist's step before it.
    assert "Trả lại chuyên viên" not in buttons(page(login("head"), d))


def test_who_is_working_the_dossier(world: Any, login: Any) -> None:
    d = common(world)
    html = page(login("head"), d)
    cell = html.split('class="workers-cell"')[1].split("</dd>")[0]
    assert "<strong>Specialist</strong>" in cell and "Chuyên viên xử lý, Ủy ban nhân dân Phường Hoàn Kiếm" in cell
    assert "bước “Thẩm định hồ sơ, đề xuất”" in cell
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    cell = page(login("head"), d).split('class="workers-cell"')[1].split("</dd>")[0]
    assert re.findall(r"<strong>([^<]+)</strong> <span class=\"muted\">— ([^<]+)</span>", cell) == [
        ("Specialist", "Được phân công, Ủy ban nhân dân Phường Hoàn Kiếm"),
        ("Specialist", "Chuyên viên xử lý, Ủy ban nhân dân Phường Hoàn Kiếm; bước “Thẩm định hồ sơ, đề xuất”"),
    ]


def test_a_stale_page_shows_the_conflict_at_the_top(world: Any, login: Any) -> None:
    d = common(world)
    row = open_step(d)
    response = post_step(login("specialist"), d, row, "complete", version=str(d.version - 1))
    html = response.content.decode()
    assert response.status_code == 409
    assert html.index('id="error-summary"') < html.index('id="h-info"')  # above the dossier's facts
    assert 'tabindex="-1"' in html.split('id="error-summary"')[0][-80:]
    assert "Hồ sơ vừa được người khác cập nhật" in html.split('id="error-summary"')[1].split("</div>")[0]


def test_the_clerk_issues_with_number_date_and_signer(world: Any, login: Any) -> None:
    d = common(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"))
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    clerk_step = open_step(d)
    html = page(login("clerk"), d)
    assert [b for b in buttons(html) if b in APPROVE_LIKE] == ["Ban hành kết quả"]
    form = html.split(f'id="buoc-{clerk_step.pk}-issue"')[1].split("</form>")[0]
    assert 'enctype="multipart/form-data"' in form and 'value="Head"' in form  # the approving head, proposed
    # Typed dd/mm/yyyy (a text input, not the browser's date input); today is proposed.
    assert '-result_date" value="23/11/2026" placeholder="dd/mm/yyyy"' in form
    fields = {
        "result_number": "125/GKS-UBND",
        "result_date": "2026-11-24",
        "signer_name": "Phạm Quốc Hùng",
        "signer_position": "Chủ tịch Ủy ban nhân dân phường",
    }
    response = post_step(login("clerk"), d, clerk_step, "issue", files={"file": pdf_upload("ket-qua.pdf")}, **fields)
    assert response.status_code == 422
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert "Ngày ban hành: Ngày ban hành không được sau ngày hôm nay (23/11/2026)." in summary
    assert Dossier.objects.get(pk=d.pk).status == "approved"
    response = post_step(
        login("clerk"),
        d,
        clerk_step,
        "issue",
        files={"file": pdf_upload("ket-qua.pdf")},
        **{**fields, "result_date": "23/11/2026"},
    )
    assert response.status_code == 302
    issued = Dossier.objects.get(pk=d.pk)
    assert (issued.status, issued.result_number, str(issued.result_date)) == (
        "result_ready",
        "125/GKS-UBND",
        "2026-11-23",
    )
    for client, url in (
        (login("clerk"), f"/backoffice/ho-so/{d.code}/"),
        (login("citizen"), f"/tai-khoan/ho-so/{d.code}/"),
    ):
        shown = client.get(url).content.decode()
        record = shown.split('class="facts result-record">')[1].split("</dl>")[0]
        assert " ".join(re.sub(r"<[^>]+>", " ", record).split()) == (
            "Số, ký hiệu kết quả 125/GKS-UBND Ngày ban hành 23/11/2026 Người ký Phạm Quốc Hùng — "
            "Chủ tịch Ủy ban nhân dân phường"
        )


def test_the_extension_form_names_its_bound_and_refuses_beyond(world: Any, login: Any, frozen: Any) -> None:
    from datetime import datetime

    from motcua.core.clock import VN_TZ

    frozen(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))  # no process; due Fri 27/11 17:00
    html = page(login("head"), d)
    form = html.split('id="thao-tac-extend"')[1].split("</form>")[0]
    assert 'placeholder="dd/mm/yyyy hh:mm"' in form and 'type="datetime-local"' not in form
    assert "tối đa 3 ngày làm việc" in form and "17:00 02/12/2026" in form
    response = login("head").post(
        f"/backoffice/ho-so/{d.code}/thao-tac/extend/",
        {"extend-version": str(d.version), "extend-new_due_at": "03/12/2026 09:00", "extend-reason": "Chờ xác minh"},
    )
    assert response.status_code == 422
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_extend-new_due_at"' in summary and "chậm nhất 17:00 02/12/2026" in summary
    assert Dossier.objects.get(pk=d.pk).extended_at is None


def test_issuing_the_result_of_a_stale_page_uploads_nothing(world: Any, login: Any) -> None:
    d = common(world)
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "specialist"))
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    row = open_step(d)
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    stale = str(Dossier.objects.get(pk=d.pk).version - 1)
    record = result_record()
    response = post_step(
        login("clerk"),
        d,
        row,
        "issue",
        files={"file": pdf_upload("khac.pdf")},
        version=stale,
        result_number=record.number,
        result_date=record.issued_on.isoformat(),
        signer_name=record.signer_name,
        signer_position=record.signer_position,
    )
    assert response.status_code == 409
    assert Dossier.objects.get(pk=d.pk).documents.filter(kind="result").count() == 1
