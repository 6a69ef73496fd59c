"""The citizen takes a document from their data store in the documents step instead of uploading it."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.catalogue.models import Procedure
from motcua.datastore.models import ReuseRecord
from motcua.datastore.services import store
from motcua.portal import drafts
from tests.e2e.conftest import axe
from tests.helpers import as_, pdf_upload
from tests.portal.helpers import APPLICANT


@pytest.mark.django_db(transaction=True)
def test_the_citizen_picks_a_stored_document_at_360px(live_server: Any, page: Any, world: Any) -> None:
    item = store.add_item(
        actor=as_(world, "citizen"),
        upload=pdf_upload("to-khai-cu.pdf"),
        meta=store.ItemMeta(title="Tờ khai đã nộp năm trước", document_code="TP1"),
    )
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", "citizen")
    page.fill("#id_password", "pw-for-tests-123")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/tai-khoan/")
    page.get_by_role("link", name="Kho dữ liệu của tôi").first.click()
    assert "Tờ khai đã nộp năm trước" in page.locator("main").inner_text()
    citizen = world.user("citizen")  # steps 1 and 2 are other tests' (tests/e2e/test_portal_journey.py)
    version = drafts.online_version(Procedure.objects.get(code="T.001"))
    applicant = {k: APPLICANT[k] for k in drafts.APPLICANT_KEYS}
    draft = drafts.draft_start(user=citizen, version=version, agency_code="H26.101", applicant=applicant)
    drafts.draft_save_form(draft, user=citizen, form_data={"purpose": "Bổ túc hồ sơ"})
    page.goto(f"{base}/nop-ho-so/ban-nhap/{draft.pk}/3/")
    page.get_by_role("group", name="Lấy từ kho dữ liệu").get_by_label("Tờ khai đã nộp năm trước").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe(page) == []
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(f"{base}/nop-ho-so/ban-nhap/{draft.pk}/4/")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(f"{base}/nop-ho-so/da-nop/**")
    record = ReuseRecord.objects.get()
    assert (record.item, record.document.sha256) == (item, item.sha256)
