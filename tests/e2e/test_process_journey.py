"""The internal process in a real browser: officials of two bodies move a dossier through its steps
(specialist, the consulted Sở Tư pháp, head, clerk, one-stop desk), and the TTHC-control officer's
process admin pages. axe on every page visited."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from motcua.processes import services
from motcua.processes.bpmn.durations import Allotment
from motcua.processes.bpmn.generate import StepSpec
from motcua.processes.models import DossierStep, ProcessDefinition
from tests.e2e.test_backoffice_admin import admin_axe
from tests.e2e.test_backoffice_journeys import (
    act,
    check,
    log_in,
    log_out,
    online_birth_registration,
    open_dossier,
    pdf_ok,
    submit_action,
)
from tests.helpers import PDF

BIRTH_STEPS = [  # birth registration is a same-day procedure: 7 of its 7.5 working hours
    StepSpec(1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", Allotment("working_hours", Decimal("0.5"))),
    StepSpec(
        2,
        "Thẩm định hồ sơ",
        "{handling}",
        "specialist",
        Allotment("working_hours", Decimal(2)),
        can_request_supplement=True,
        can_refuse=True,
    ),
    StepSpec(3, "Cho ý kiến của Sở Tư pháp", "H26.24", "specialist", Allotment("working_hours", Decimal(2))),
    StepSpec(4, "Phê duyệt", "{handling}", "head", Allotment("working_hours", Decimal(1)), can_refuse=True),
    StepSpec(5, "Vào sổ, đóng dấu", "{handling}", "clerk", Allotment("working_hours", Decimal(1))),
    StepSpec(6, "Trả kết quả", "{receiving}", "reception", Allotment("working_hours", Decimal("0.5"))),
]


def panel_steps(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".process-panel tbody th[scope=row]").all_inner_texts()]


def finish_step(page: Any, note: str = "") -> None:
    """Open the first "Hoàn thành bước" of the panel, write the note and send it."""
    form = page.locator(".step-actions details[id$='-complete']").first
    form.locator("summary").click()
    if note:
        form.locator("textarea").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def step_form(page: Any, kind: str) -> Any:
    """The step control of ``kind`` (approve, issue, send_back, refuse, complete) in "Thao tác"."""
    return page.locator(f".step-actions details[id$='-{kind}']").first


def from_my_steps(page: Any, base: str, code: str, name: str) -> None:
    page.click("nav a:text('Bước xử lý của tôi')")
    page.wait_for_url(base + "/backoffice/buoc-xu-ly/")
    assert page.locator(f".my-steps a:text('{code}')").count() == 1
    check(page, f"process-my-steps-{name}")
    page.click(f".my-steps a:text('{code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"


@pytest.mark.django_db(transaction=True)
def test_officials_move_a_dossier_through_its_process(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    services.clear_caches()
    services.definition_from_steps("1.001193", BIRTH_STEPS, actor=SYSTEM)
    dossier = online_birth_registration()
    code, base = dossier.code, live_server.url

    # One-stop desk: reception starts the process; its own step is finished by the reception.
    log_in(page, base, "tiepnhan.hoankiem")
    open_dossier(page, base, code)
    act(page, "receive")
    submit_action(page, "receive")
    assert panel_steps(page) == ["Tiếp nhận, chuyển hồ sơ", "Thẩm định hồ sơ"]
    assert page.locator(".process-panel .step-actions").count() == 0  # the review is not the desk's
    check(page, "process-01-received")
    log_out(page)

    # Specialist: the step waits in "Bước xử lý của tôi"; finishes it with an opinion.
    log_in(page, base, "chuyenvien.hoankiem")
    from_my_steps(page, base, code, "specialist")
    assert page.locator(".step-actions details[id$='-refuse']").count() == 1  # this step may refuse
    finish_step(page, "Hồ sơ đầy đủ, đề nghị lấy ý kiến Sở Tư pháp")
    assert "Đã hoàn thành bước “Thẩm định hồ sơ”." in page.inner_text(".messages")
    check(page, "process-02-reviewed")
    log_out(page)

    # The consulted body sees only its own step, and cannot refuse.
    log_in(page, base, "chuyenvien.sotuphap")
    from_my_steps(page, base, code, "consulted")
    assert panel_steps(page) == ["Cho ý kiến của Sở Tư pháp"]
    assert "Chỉ hiển thị các bước tại cơ quan của bạn." in page.inner_text(".process-panel")
    assert page.locator(".step-actions details[id$='-refuse']").count() == 0
    assert page.locator("details.action[id^=thao-tac-]").count() == 0
    finish_step(page, "Nhất trí")
    check(page, "process-03-consulted")
    log_out(page)

    # Head: approves with the step's one "Phê duyệt"; no dossier button repeats it, nor forwards.
    log_in(page, base, "lanhdao.hoankiem")
    open_dossier(page, base, code)
    assert page.locator("#thao-tac-forward").count() == 0 and page.locator("#thao-tac-approve").count() == 0
    assert page.locator(".step-actions details[id$='-approve']").count() == 1
    check(page, "process-04-head")
    step_form(page, "approve").locator("summary").click()
    step_form(page, "approve").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã phê duyệt hồ sơ." in page.inner_text(".messages")
    log_out(page)

    # Clerk: uploads the signed result and issues it with its number, date and signer.
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF)
    log_in(page, base, "vanthu.hoankiem")
    from_my_steps(page, base, code, "clerk")
    assert page.locator("#thao-tac-issue_result").count() == 0
    issue = step_form(page, "issue")
    issue.locator("summary").click()
    issue.locator("input[type=file]").set_input_files(str(result))
    issue.locator("input[name$='-result_number']").fill("125/GKS-UBND")
    issue.locator("input[name$='-signer_position']").fill("Chủ tịch Ủy ban nhân dân phường")
    issue.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã ban hành kết quả." in page.inner_text(".messages")
    check(page, "process-05-issued")
    log_out(page)

    # One-stop desk: returns the result by finishing the last step; prints the control sheet (Mẫu 05).
    log_in(page, base, "tiepnhan.hoankiem")
    from_my_steps(page, base, code, "desk")
    finish_step(page)
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"
    assert len(panel_steps(page)) == 6 and "Đang chờ" not in page.inner_text(".process-panel")
    outcomes = list(DossierStep.objects.filter(dossier=dossier).order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["receive", "done", "done", "approve", "issue_result", "return_result"]
    link = page.locator("a.print-mau-05")
    assert link.get_attribute("href") == f"/backoffice/ho-so/{code}/mau-05.pdf"
    pdf_ok(page, base + link.get_attribute("href"))
    check(page, "process-06-returned")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check(page, "process-07-dossier-360")


@pytest.mark.django_db(transaction=True)
def test_process_admin_pages_are_accessible(live_server: Any, page: Any) -> None:
    load_demo()
    definition = services.definition_from_steps("1.001193", BIRTH_STEPS, actor=SYSTEM)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))  # the admin links none
    base = live_server.url
    page.goto(base + "/dang-nhap/?next=/admin/")
    page.fill("input[name=username]", "kiemsoat.tthc")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/admin/")
    page.goto(base + "/admin/processes/processdefinition/")
    assert "1.001193" in page.inner_text("#result_list")
    assert admin_axe(page) == [], "list"
    page.click("a:text('Nhập tệp BPMN')")
    page.wait_for_url("**/import/")
    assert admin_axe(page) == [], "import"
    page.goto(base + "/admin/processes/processdefinition/step-table/?procedure_code=1.001193")
    assert page.locator("tbody tr").count() >= len(BIRTH_STEPS)
    assert admin_axe(page) == [], "step table"
    page.goto(f"{base}/admin/processes/processdefinition/{definition.pk}/diagram/")
    assert page.locator("svg").count() >= 1
    assert admin_axe(page) == [], "diagram"
    assert ProcessDefinition.objects.count() == 1  # looking changed nothing
