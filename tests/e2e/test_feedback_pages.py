"""Ratings and complaints in Chromium: a citizen rates a returned dossier, files a complaint, an official
routes, answers and publishes it, and the citizen sees the published answer and votes on it."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.demo.data import load_demo
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.services.submission import SubmissionInput, submit_online
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback
from tests.e2e.conftest import axe, shot
from tests.helpers import pdf_upload, result_record


def returned_birth_registration() -> str:
    def actor(name: str) -> Actor:
        return Actor(user=User.objects.get(username=name))

    citizen = User.objects.get(username="congdan")
    form = {
        "ho_ten_tre": "Nguyễn Minh Khang",
        "ngay_sinh": "2026-11-15",
        "noi_sinh": "Hà Nội",
        "gioi_tinh": "Nam",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "quan_he_nguoi_yeu_cau": "Cha",
    }
    d = submit_online(
        actor=Actor(user=citizen),
        files={"giay-chung-sinh": [pdf_upload()]},
        data=SubmissionInput(
            procedure_code="1.001193",
            agency_code="H26.101",
            form_data=form,
            applicant=ApplicantData(
                type="citizen", name=citizen.full_name, id_number=citizen.personal_id or "", phone=citizen.phone
            ),
        ),
    )
    lifecycle.receive(d.pk, actor=actor("tiepnhan.hoankiem"))
    lifecycle.assign(d.pk, actor=actor("lanhdao.hoankiem"), assignee_username="chuyenvien.hoankiem")
    lifecycle.approve(d.pk, actor=actor("lanhdao.hoankiem"))
    upload_document(d.pk, actor=actor("vanthu.hoankiem"), kind="result", upload=pdf_upload("trich-luc.pdf"))
    lifecycle.issue_result(d.pk, actor=actor("vanthu.hoankiem"), record=result_record())
    lifecycle.return_result(d.pk, actor=actor("tiepnhan.hoankiem"))
    return d.code


def login(page: Any, base: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + next_url)


@pytest.mark.django_db(transaction=True)
def test_rating_and_complaint_journey(live_server: Any, page: Any) -> None:
    load_demo()
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    code = returned_birth_registration()
    base = live_server.url

    login(page, base, "congdan", f"/phan-anh/danh-gia/{code}/")
    assert axe(page) == []
    for group in page.locator("fieldset").all():
        group.get_by_label("Rất hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert "Cảm ơn" in page.content() or "đã được ghi nhận" in page.content()
    shot(page, "rating-done")

    page.goto(f"{base}/phan-anh/gui/")
    assert axe(page) == []
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_subject").select_option("procedure")
    page.locator("#id_procedure_code").fill("1.001193")
    page.locator("#id_title").fill("Thời gian chờ tại bộ phận một cửa")
    page.locator("#id_text").fill("Tôi phải chờ hơn một giờ để được tiếp nhận hồ sơ khai sinh.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_load_state()
    errors = page.locator(".error, .error-summary, [role=alert]").all_inner_texts()
    assert errors == [], errors
    page.wait_for_url(f"{base}/phan-anh/cua-toi/*/")
    assert axe(page) == []
    item = Feedback.objects.get()

    login(page, base, "kiemsoat.tthc", "/phan-anh/xu-ly/")
    assert axe(page) == []
    page.goto(f"{base}/phan-anh/xu-ly/{item.pk}/")
    if page.locator("#f-agency").count():
        page.locator("#f-agency").select_option("H26.101")
        page.get_by_role("button", name="Chuyển cơ quan xử lý").click()
        page.wait_for_load_state()
    login(page, base, "lanhdao.hoankiem", f"/phan-anh/xu-ly/{item.pk}/")
    assert axe(page) == []
    page.locator("#f-assignee").select_option("lanhdao.hoankiem")  # the head handles it himself
    page.get_by_role("button", name="Phân công xử lý").click()
    page.wait_for_load_state()
    page.get_by_label("Nội dung trả lời").fill("Bộ phận một cửa đã bổ sung một quầy tiếp nhận vào giờ cao điểm.")
    page.get_by_role("button", name="Trả lời").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Công khai kết quả").click()
    page.wait_for_load_state()
    shot(page, "complaint-handled")

    login(page, base, "congdan", "/phan-anh/")
    page.get_by_role("link", name="Thời gian chờ tại bộ phận một cửa").click()
    assert "đã bổ sung một quầy tiếp nhận" in page.content()
    assert "Nguyễn Văn An" not in page.content()
    assert axe(page) == []
    page.get_by_role("button", name="Thích", exact=False).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Thích").first.get_attribute("aria-pressed") == "true"
    shot(page, "complaint-published")
