"""Officials on the demo birth registration with its demo process, in Chromium at 1280 px: the
specialist finishes his step, the head sends it back once (a stale second tab shows its error at
the top, with the focus on it), the specialist finishes again, the head approves, the clerk issues
the result with its number, date and signer. Each only clicks what the page shows; axe on each page.
The same journey with the browser in English (the pages stay Vietnamese), on the live server's free port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core import clock, outbox
from motcua.core.actor import Actor
from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import Notice
from motcua.processes import services
from tests.e2e.conftest import LOCALES, in_vietnamese
from tests.e2e.test_backoffice_journeys import check, log_in, log_out, online_birth_registration
from tests.e2e.test_process_journey import from_my_steps, step_form
from tests.helpers import PDF

APPROVE_LIKE = ["Phê duyệt", "Trình lãnh đạo", "Hoàn thành bước", "Ban hành kết quả", "Trả kết quả"]


def my_controls(page: Any) -> list[str]:
    """The labels of the step controls the page offers this official (the summaries in "Thao tác")."""
    return [
        t.strip()
        for t in page.locator(
            "section[aria-labelledby=h-actions] .step-actions details.action > summary"
        ).all_inner_texts()
    ]


def submit_step(page: Any, kind: str, **fields: str) -> None:
    form = step_form(page, kind)
    form.locator("summary").click()
    for name, value in fields.items():
        form.locator(f"[name$='-{name}']").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def workers(page: Any) -> str:
    return str(page.inner_text(".workers-cell"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("browser_locale", LOCALES)
def test_send_back_once_then_approve_and_issue(public_url: str, page: Any, tmp_path: Path, browser_locale: str) -> None:
    load_demo(processes=True)
    services.clear_caches()
    dossier = online_birth_registration()
    lifecycle.receive(dossier.pk, actor=Actor(user=User.objects.get(username="tiepnhan.hoankiem"), channel="web"))
    code, base = dossier.code, public_url

    # Specialist: one control, named for what it does; no refusal (the process keeps that for the head).
    log_in(page, base, "chuyenvien.hoankiem")
    from_my_steps(page, base, code, "officials-specialist")
    assert my_controls(page) == ["Trình lãnh đạo"]
    assert page.locator("button:text-is('Từ chối giải quyết (Mẫu 03)')").count() == 0
    assert "Lê Văn Nam" in workers(page) and "Ủy ban nhân dân Phường Hoàn Kiếm" in workers(page)
    check(page, f"officials-01-specialist-{browser_locale}")
    submit_step(page, "complete", note="Hồ sơ đầy đủ, đề nghị đăng ký khai sinh")
    assert "Đã hoàn thành bước “Thẩm định hồ sơ, đề xuất”." in page.inner_text(".messages")
    assert "Phạm Quốc Hùng" in workers(page)  # the head's step is open now
    log_out(page)

    # Head: one approve, one refuse, one send-back. A second tab sends it back; the first, stale, cannot approve.
    log_in(page, base, "lanhdao.hoankiem")
    from_my_steps(page, base, code, "officials-head")
    assert my_controls(page) == ["Phê duyệt", "Từ chối giải quyết (Mẫu 03)", "Trả lại chuyên viên"]
    assert page.locator("details.action[id^=thao-tac-approve], details.action[id^=thao-tac-refuse]").count() == 0
    check(page, f"officials-02-head-{browser_locale}")
    # A second tab, opened now, goes stale when the first one sends the dossier back.
    stale = page.context.new_page()
    errors: list[str] = []  # the 409 answer itself is logged by Chromium; anything else is an error
    stale.on("console", lambda m: errors.append(m.text) if m.type == "error" and "409" not in m.text else None)
    stale.goto(page.url)
    submit_step(page, "send_back", reason="Đề nghị xác minh lại nơi sinh trên giấy chứng sinh")
    assert "Đã trả lại hồ sơ cho chuyên viên." in page.inner_text(".messages")
    assert "Trả lại bước trước" in page.inner_text(".process-panel")
    assert my_controls(page) == []  # the step is the specialist's again
    submit_step(stale, "approve", note="Đồng ý")
    summary = stale.locator("#error-summary")
    assert "Hồ sơ vừa được người khác cập nhật" in summary.inner_text()
    assert stale.evaluate("document.activeElement.id") == "error-summary"
    assert summary.bounding_box()["y"] < stale.locator("#h-info").bounding_box()["y"]  # at the top of the page
    assert my_controls(stale) == []  # the page shown with the error is the fresh one
    assert Dossier.objects.get(pk=dossier.pk).status == "processing"
    check(stale, f"officials-03-head-stale-tab-{browser_locale}")
    stale.close()
    assert errors == []
    log_out(page)

    # Specialist: the step is back, with the reason; the notice went to him.
    outbox.deliver_due()
    assert Notice.objects.filter(user__username="chuyenvien.hoankiem", title=f"Hồ sơ {code} được trả lại").count() == 1
    log_in(page, base, "chuyenvien.hoankiem")
    from_my_steps(page, base, code, "officials-specialist-again")
    assert "Đề nghị xác minh lại nơi sinh" in page.inner_text(".process-panel")
    assert "Trả lại chuyên viên" in page.inner_text(".timeline")
    assert my_controls(page) == ["Trình lãnh đạo"]
    check(page, f"officials-04-specialist-again-{browser_locale}")
    submit_step(page, "complete", note="Đã xác minh nơi sinh")
    log_out(page)

    # Head approves this time.
    log_in(page, base, "lanhdao.hoankiem")
    from_my_steps(page, base, code, "officials-head-again")
    assert my_controls(page) == ["Phê duyệt", "Từ chối giải quyết (Mẫu 03)", "Trả lại chuyên viên"]
    submit_step(page, "approve", note="Đồng ý")
    assert "Đã phê duyệt hồ sơ." in page.inner_text(".messages")
    assert page.locator(".badge.status-approved").count() == 1
    log_out(page)

    # Clerk: issues with the file, number, date (today, proposed) and signer (the approving head, proposed).
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF)
    log_in(page, base, "vanthu.hoankiem")
    from_my_steps(page, base, code, "officials-clerk")
    assert my_controls(page) == ["Ban hành kết quả"]
    issue = step_form(page, "issue")
    issue.locator("summary").click()
    today = clock.local_now().date()
    assert issue.locator("input[name$='-result_date']").input_value() == f"{today:%d/%m/%Y}"  # dd/mm/yyyy
    assert issue.locator("input[name$='-signer_name']").input_value() == "Phạm Quốc Hùng"
    check(page, f"officials-05-issue-form-{browser_locale}")
    issue.locator("input[type=file]").set_input_files(str(result))
    issue.locator("input[name$='-result_number']").fill("125/GKS-UBND")
    issue.locator("input[name$='-signer_position']").fill("Chủ tịch Ủy ban nhân dân phường")
    issue.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã ban hành kết quả." in page.inner_text(".messages")
    record = page.inner_text(".result-record")
    for text in ("125/GKS-UBND", today.strftime("%d/%m/%Y"), "Phạm Quốc Hùng — Chủ tịch Ủy ban nhân dân phường"):
        assert text in record, text
    check(page, f"officials-06-issued-{browser_locale}")
    in_vietnamese(page)
    outcomes = [o for o in services.active_steps(dossier.pk)]
    assert [r.step.name for r in outcomes] == ["Trả kết quả"]
