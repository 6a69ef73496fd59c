"""The citizen's dossier page offers Mẫu 04 once the body has apologised and set a new date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core import clock
from motcua.dossiers.services import lifecycle
from tests.helpers import as_, submit
from tests.portal.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_apology_is_offered_after_the_extension_only(world: Any, frozen: Any) -> None:
    frozen(datetime(2026, 11, 23, 9, 0, tzinfo=clock.VN_TZ))
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    client = client_for(world.user("citizen"))
    link = (
        f'<a href="/api/v1/dossiers/{d.code}/apology.pdf">'
        "Tải phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, PDF)</a>"
    )
    assert link not in client.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    lifecycle.extend(
        d.pk,
        actor=as_(world, "head"),
        new_due_at=datetime(2026, 11, 30, 10, tzinfo=clock.VN_TZ),
        reason="Cần lấy ý kiến của Sở Tư pháp",
    )
    assert link in client.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    pdf = client.get(f"/api/v1/dossiers/{d.code}/apology.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client_for(world.user("other_citizen")).get(f"/api/v1/dossiers/{d.code}/apology.pdf").status_code == 404
