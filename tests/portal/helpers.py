"""Helpers of the portal tests: walk the online submission through the pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.portal.models import Draft
from tests.helpers import PDF

APPLICANT = {
    "agency_code": "H26.101",
    "type": "citizen",
    "name": "Nguyễn Thị Hằng",
    "id_number": "001190012345",
    "phone": "0912345678",
    "email": "hang@example.vn",
    "address": "12 Hàng Bài",
}


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def draft_at_review(client: Client, procedure: str = "T.001") -> Draft:
    """Fill steps 1-3 of ``procedure`` (T.001 of the test catalogue) and return the draft, at step 4."""
    response = client.post(f"/nop-ho-so/{procedure}/", APPLICANT)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.latest("id")
    assert (
        client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", "purpose": "Bổ túc hồ sơ"}).status_code
        == 302
    )
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP1": pdf()}).status_code == 302
    draft.refresh_from_db()
    assert draft.step == 4
    return draft
