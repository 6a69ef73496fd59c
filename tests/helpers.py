"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.services import token_create

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")

CATALOGUE: dict[str, Any] = {
    "format": "motcua.catalogue/1",
    "fields": [{"code": "T-HT", "name": "Hộ tịch thử nghiệm"}],
    "procedures": [
        {
            "code": "T.001", "name": "Thủ tục thử nghiệm ba ngày", "field": "T-HT", "implementing_level": "commune",
            "applicant_types": ["citizen"], "online_level": "full",
            "processing_time": {"unit": "working_days", "amount": "3"},
            "result_type": "Giấy xác nhận",
            "form_fields": [{"name": "purpose", "label": "Mục đích", "type": "text", "required": True}],
            "documents": [
                {"code": "TP1", "name": "Tờ khai", "form": "original", "count": 1, "required": True},
                {"code": "TP2", "name": "Giấy tờ khác", "form": "copy", "count": 1, "required": False},
            ],
            "fees": [{"kind": "fee", "name": "Lệ phí", "amount": 10000}],
        },
        {
            "code": "T.002", "name": "Thủ tục trong ngày", "field": "T-HT", "implementing_level": "commune",
            "applicant_types": ["citizen", "business"], "online_level": "partial",
            "processing_time": {"unit": "working_days", "amount": "0", "same_day_cutoff": "15:00"},
            "result_type": "Bản sao",
            "documents": [{"code": "A", "name": "Bản chính", "form": "original", "count": 1, "required": True}],
        },
    ],
}



def make_user(username: str, kind: str = "official", **extra: Any) -> User:
    return User.objects.create_user(username, f"{username}@example.vn", "pw-for-tests-123", kind=kind, **extra)


def pdf_upload(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def api_client(user: User | None) -> Client:
    """Return a test client that calls the API with a bearer token of ``user`` (anonymous for None)."""
    if user is None:
        return Client()
    _, token = token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def named_bytes(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def submit(world: Any, *, user: str = "citizen", procedure: str = "T.001", agency: str = "H26.101",
           files: dict[str, list[Any]] | None = None, form_data: dict[str, Any] | None = None, **applicant: Any) -> Any:
    """Submit a dossier online through the service, as ``user``."""
    from motcua.dossiers.services.actor import Actor
    from motcua.dossiers.services.applicants import ApplicantData
    from motcua.dossiers.services.submission import SubmissionInput, submit_online

    owner = world.user(user)
    data = {"type": "citizen", "name": owner.full_name, "id_number": owner.personal_id or "", "phone": "0912345678",
            "email": "hang@example.vn", "address": "12 Hàng Bài"}
    data.update(applicant)
    return submit_online(
        actor=Actor(user=owner, channel="web"),
        data=SubmissionInput(procedure_code=procedure, agency_code=agency, applicant=ApplicantData(**data),
                             form_data={"purpose": "Bổ túc hồ sơ"} if form_data is None else form_data),
        files={"TP1": [pdf_upload()]} if files is None else files,
    )


def as_(world: Any, name: str) -> Any:
    from motcua.dossiers.services.actor import Actor

    return Actor(user=world.user(name), channel="web")
