"""The citizen's dossier page offers the rating once the result is returned, and then shows the rating
given; while the result is only ready it says the rating comes after receiving it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.feedback.models import Rating
from tests.feedback.conftest import at
from tests.helpers import as_, pdf_upload, result_record, submit

RATE_LINK = '<a class="button primary" href="/phan-anh/danh-gia/{code}/">Đánh giá mức độ hài lòng</a>'
POST = {
    "level": "satisfied",
    "comment": "Nhanh",
    "c_time": "very_satisfied",
    "c_contacts": "satisfied",
    "c_attitude": "very_satisfied",
    "c_correctness": "satisfied",
    "c_costs": "dissatisfied",
}


def owner(world: Any) -> Client:
    c = Client()
    c.force_login(world.user("citizen"))
    return c


@pytest.mark.django_db
def test_rating_is_offered_when_returned_and_shown_once_given(world: Any, frozen: Any) -> None:
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("kq.pdf"))
    lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    c = owner(world)
    page = c.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert RATE_LINK.format(code=d.code) not in page
    assert "Sau khi nhận kết quả, ông/bà có thể đánh giá mức độ hài lòng tại đây." in page

    lifecycle.return_result(d.pk, actor=as_(world, "reception"))
    page = c.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert RATE_LINK.format(code=d.code) in page
    assert "Hồ sơ đã trả kết quả. Mời ông/bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ." in page

    r = c.post(f"/phan-anh/danh-gia/{d.code}/", POST)
    assert (r.status_code, r["Location"]) == (302, f"/tai-khoan/ho-so/{d.code}/#danh-gia")
    assert Rating.objects.get().level == "satisfied"
    page = c.get(r["Location"]).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá." in page
    assert RATE_LINK.format(code=d.code) not in page
    assert '<p id="rating-given">Ông/bà đã đánh giá ngày 23/11/2026: <strong>Hài lòng</strong>.</p>' in page
    for label, value in [
        ("Thời gian giải quyết", "Rất hài lòng"),
        ("Chi phí thực hiện (phí, lệ phí đúng quy định)", "Không hài lòng"),
        ("Ý kiến khác", "Nhanh"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in page, label
    rate_page = c.get(f"/phan-anh/danh-gia/{d.code}/").content.decode()
    assert f'<a href="/tai-khoan/ho-so/{d.code}/">Về trang hồ sơ</a>' in rate_page
