"""E-ID login in a real browser: the citizen clicks the e-ID button on /dang-nhap/, logs in at the
local OpenID provider's own form (npm oidc-provider), lands on the account page, and files a dossier."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.providers.vneid.plugin import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from tests.accounts.vneid.conftest import EidPeer, start_peer, stop_peer
from tests.e2e.conftest import axe

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def eid_live(live_server: Any, settings: Any) -> Iterator[EidPeer]:
    peer = start_peer(live_server.url)
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_OIDC_ISSUER = peer.url
    settings.MOTCUA_OIDC_CLIENT_ID = DEMO_CLIENT_ID
    settings.MOTCUA_OIDC_CLIENT_SECRET = DEMO_CLIENT_SECRET
    try:
        yield peer
    finally:
        stop_peer(peer)


@pytest.mark.django_db(transaction=True)
def test_citizen_logs_in_with_eid_and_files_a_dossier(
    live_server: Any, page: Any, eid_live: EidPeer, tmp_path: Path
) -> None:
    load_demo()
    url = live_server.url
    page.goto(url + "/dang-nhap/")
    assert axe(page) == []
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.wait_for_url(re.compile("^" + re.escape(eid_live.url) + "/interaction/"))
    page.fill("#personal_id", "001085012345")
    page.fill("#password", "motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/tai-khoan/")
    assert "Nguyễn Văn An" in page.locator("main").inner_text()
    assert "Định danh điện tử mức độ 2" in page.locator("main").inner_text()

    page.goto(url + "/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.wait_for_url(url + "/nop-ho-so/1.001193/")
    assert page.input_value("#a-name") == "Nguyễn Văn An"
    assert page.input_value("#a-id-number") == "001085012345"
    page.fill("#a-phone", "0903123456")
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/2/$"))
    page.fill("#f-ho-ten-tre", "Nguyễn Minh Khang")
    page.fill("#f-noi-sinh", "Bệnh viện Phụ sản Hà Nội")
    page.fill("#f-ngay-sinh", "15/11/2026")
    page.select_option("#f-gioi-tinh", "Nam")
    page.select_option("#f-dan-toc", "Kinh")
    page.select_option("#f-quoc-tich", "Việt Nam")
    page.select_option("#f-quan-he-nguoi-yeu-cau", "Cha")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/3/$"))
    pdf = tmp_path / "giay-chung-sinh.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#doc-giay-chung-sinh", str(pdf))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/4/$"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    dossier = Dossier.objects.get(code=code)
    assert dossier.applicant is not None and dossier.applicant.personal_id == "001085012345"
    assert dossier.applicant.eid_level == 2
