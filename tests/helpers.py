"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.services import token_create

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

CATALOGUE: dict[str, Any] = {
    "format": "motcua.catalogue/1",
    "fields": [{"code": "T-HT", "name": "Hộ tịch thử nghiệm"}],
    "procedures": [
        {
            "code": "T.001",
            "name": "Thủ tục thử nghiệm ba ngày",
            "field": "T-HT",
            "implementing_level": "commune",
            "applicant_types": ["citizen"],
            "online_level": "full",
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
            "code": "T.002",
            "name": "Thủ tục trong ngày",
            "field": "T-HT",
            "implementing_level": "commune",
            "applicant_types": ["citizen", "business"],
            "online_level": "partial",
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


def submit(
    world: Any,
    *,
    user: str = "citizen",
    procedure: str = "T.001",
    agency: str = "H26.101",
    files: dict[str, list[Any]] | None = None,
    form_data: dict[str, Any] | None = None,
    **applicant: Any,
) -> Any:
    """Submit a dossier online through the service, as ``user``."""
    from motcua.core.actor import Actor
    from motcua.dossiers.services.applicants import ApplicantData
    from motcua.dossiers.services.submission import SubmissionInput, submit_online

    owner = world.user(user)
    data = {
        "type": "citizen",
        "name": owner.full_name,
        "id_number": owner.personal_id or "",
        "phone": "0912345678",
        "email": "hang@example.vn",
        "address": "12 Hàng Bài",
    }
    data.update(applicant)
    return submit_online(
        actor=Actor(user=owner, channel="web"),
        data=SubmissionInput(
            procedure_code=procedure,
            agency_code=agency,
            applicant=ApplicantData(**data),
            form_data={"purpose": "Bổ túc hồ sơ"} if form_data is None else form_data,
        ),
        files={"TP1": [pdf_upload()]} if files is None else files,
    )


def as_(world: Any, name: str) -> Any:
    from motcua.core.actor import Actor

    return Actor(user=world.user(name), channel="web")


def sample_form(specs: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    """A valid declaration for ``specs`` (fields taken from the applicant left out), for tests."""
    from motcua.catalogue.form_schema import asked_fields, choice_names

    samples = {
        "text": "Nội dung mẫu",
        "textarea": "Nội dung mẫu",
        "date": "2026-11-01",
        "checkbox": True,
        "email": "mau@example.vn",
        "phone": "0912345678",
        "personal_id": "001085012345",
    }
    form: dict[str, Any] = {}
    for spec in asked_fields(specs):
        kind = spec["type"]
        if kind == "select":
            value: Any = choice_names(spec)[0]
        elif kind == "number":
            value = max(1, spec.get("min", 1))
        else:
            value = samples[kind]
            if isinstance(value, str) and "max_length" in spec:
                value = value[: spec["max_length"]]
        form[spec["name"]] = value
    form.update(overrides)
    return form


def required_papers(
    version: Any, channel: str, applicant_type: str = "citizen"
) -> tuple[dict[str, list[Any]], tuple[str, ...]]:
    """The files and the ticked papers a complete dossier of ``version`` needs in ``channel`` ("online"/"counter")."""
    from motcua.catalogue.documents import Mode, in_channel

    docs = [d for d in version.documents.all() if d.required]
    files = {d.code: [pdf_upload(f"{d.code}.pdf")] for d in in_channel(docs, channel, applicant_type, Mode.UPLOAD)}
    shown = tuple(d.code for d in in_channel(docs, channel, applicant_type, Mode.SHOW)) if channel == "counter" else ()
    return files, shown


def demo_procedures(*codes: str) -> None:
    """Import the demo catalogue's entries ``codes`` (with their fields) into the test world."""
    import json

    from motcua.catalogue.services import DEMO_CATALOGUE, import_catalogue

    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    procedures = [p for p in data["procedures"] if p["code"] in codes]
    fields = [f for f in data["fields"] if f["code"] in {p["field"] for p in procedures}]
    import_catalogue({"format": data["format"], "fields": fields, "procedures": procedures})


def result_record(number: str = "125/GKS-UBND") -> Any:
    """The number, date (today) and signer the clerk records when issuing a result (lifecycle.issue_result)."""
    from motcua.core import clock
    from motcua.dossiers.services.results import ResultRecord

    return ResultRecord(
        number=number,
        issued_on=clock.local_now().date(),
        signer_name="Phạm Quốc Hùng",
        signer_position="Chủ tịch Ủy ban nhân dân phường",
    )


def run_at_once(n: int, fn: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run ``fn(i)`` in ``n`` threads released together; return results and exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def body(i: int) -> None:
        try:
            barrier.wait()
            value = fn(i)
            with lock:
                results.append(value)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors
