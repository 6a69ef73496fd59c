"""The demo processes end to end: the inter-agency birth → residence → health-insurance procedure
across four bodies, and the construction permit with its parallel consultations."""

from __future__ import annotations

import subprocess
from datetime import datetime
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.actor import Actor
from motcua.core.clock import VN_TZ
from motcua.demo.data import load_demo
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.services.submission import SubmissionInput, submit_online
from motcua.dossiers.statuses import Status
from motcua.processes import services
from tests.helpers import pdf_upload, required_papers, result_record, sample_form

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 8, 30, tzinfo=VN_TZ)


def actor(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), channel="web")


def submit_demo(code: str, frozen: Any) -> Any:
    """Submit a complete dossier of demo procedure ``code`` online as the demo citizen."""
    frozen(MONDAY)
    version = Procedure.objects.get(code=code).current_version
    form = sample_form(version.form_fields)
    files, _shown = required_papers(version, "online")
    user = User.objects.get(username="congdan")
    return submit_online(
        actor=Actor(user=user, channel="web"),
        data=SubmissionInput(
            procedure_code=code,
            agency_code="H26.101",
            form_data=form,
            applicant=ApplicantData(
                type="citizen",
                name=user.full_name,
                id_number=user.personal_id,
                phone=user.phone,
                email=user.email,
                address=user.address,
            ),
        ),
        files=files,
    )


def step_of(dossier: Any, username: str) -> Any:
    """The open step ``username`` holds (there must be exactly one)."""
    from motcua.processes.flow import holds

    rows = [r for r in services.active_steps(dossier.pk) if holds(actor(username), r)]
    assert len(rows) == 1, [(r.step.name, r.body) for r in services.active_steps(dossier.pk)]
    return rows[0]


@pytest.fixture
def demo(db: Any) -> None:
    services.clear_caches()
    load_demo(processes=True)


def test_inter_agency_birth_residence_health_insurance_across_four_bodies(demo: Any, frozen: Any) -> None:
    d = submit_demo("2.000986", frozen)
    lifecycle.receive(d.pk, actor=actor("tiepnhan.hoankiem"))
    assert not visible_dossiers(User.objects.get(username="bhxh.hanoi")).filter(pk=d.pk).exists()
    walk = [
        ("chuyenvien.hoankiem", "Đăng ký khai sinh, cấp trích lục", "H26.101"),
        ("congan.hoankiem", "Đăng ký thường trú", "G01.26.101"),
        ("bhxh.hanoi", "Cấp thẻ bảo hiểm y tế", "G12.26"),
    ]
    for username, name, body in walk:
        row = step_of(d, username)
        assert (row.step.name, row.agency.code) == (name, body)
        assert visible_dossiers(User.objects.get(username=username)).filter(pk=d.pk).exists()
        lifecycle.complete_step(d.pk, row.pk, actor=actor(username), note="Đã giải quyết")
    assert lifecycle.approve(d.pk, actor=actor("lanhdao.hoankiem")).status == Status.APPROVED
    upload_document(d.pk, actor=actor("vanthu.hoankiem"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    row = step_of(d, "vanthu.hoankiem")
    assert (
        lifecycle.complete_step(d.pk, row.pk, actor=actor("vanthu.hoankiem"), record=result_record()).status
        == Status.RESULT_READY
    )
    row = step_of(d, "tiepnhan.hoankiem")
    assert row.step.name == "Trả kết quả liên thông"
    assert lifecycle.complete_step(d.pk, row.pk, actor=actor("tiepnhan.hoankiem")).status == Status.RETURNED
    bodies = list(
        DossierEvent.objects.filter(dossier=d)
        .exclude(action="upload")
        .order_by("id")
        .values_list("action", "agency__code")
    )
    assert bodies == [
        ("submit", "H26.101"),
        ("receive", "H26.101"),
        ("complete_step", "H26.101"),
        ("complete_step", "G01.26.101"),
        ("complete_step", "G12.26"),
        ("approve", "H26.101"),
        ("issue_result", "H26.101"),
        ("return_result", "H26.101"),
    ]
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=services.control_sheet_pdf(d.pk), capture_output=True, check=True
    ).stdout.decode()
    for expected in (
        "Nhận: Công an Phường Hoàn Kiếm",
        "Nhận: Bảo hiểm xã hội Thành phố Hà Nội",
        "Giao: Bảo hiểm xã hội Thành phố Hà Nội — Mai Thị Ngọc",
    ):
        assert expected in text


def test_construction_permit_consults_two_bodies_in_parallel(demo: Any, frozen: Any) -> None:
    d = submit_demo("1.009974", frozen)
    assert lifecycle.receive(d.pk, actor=actor("tiepnhan.hoankiem")).status == Status.FEE_REQUESTED
    lifecycle.fee_paid(d.pk, actor=actor("tiepnhan.hoankiem"))  # paid at the counter
    lifecycle.complete_step(d.pk, step_of(d, "chuyenvien.hoankiem").pk, actor=actor("chuyenvien.hoankiem"))
    parallel = sorted((r.agency.code, r.step.name) for r in services.active_steps(d.pk))
    assert parallel == [
        ("G01.26.101", "Cho ý kiến về phòng cháy chữa cháy"),
        ("H26.25", "Cho ý kiến về quy hoạch, kiến trúc"),
    ]
    lifecycle.complete_step(d.pk, step_of(d, "lanhdao.soxaydung").pk, actor=actor("lanhdao.soxaydung"))
    assert [r.agency.code for r in services.active_steps(d.pk)] == ["G01.26.101"]  # the join waits
    lifecycle.complete_step(d.pk, step_of(d, "congan.hoankiem").pk, actor=actor("congan.hoankiem"))
    summary = step_of(d, "chuyenvien.hoankiem")
    refused = lifecycle.complete_step(
        d.pk,
        summary.pk,
        actor=actor("chuyenvien.hoankiem"),
        outcome="refuse",
        note="Công trình vi phạm chỉ giới xây dựng",
    )
    assert (refused.status, refused.decision_note) == (Status.REFUSED, "Công trình vi phạm chỉ giới xây dựng")
    assert services.active_steps(d.pk) == []


def test_the_signing_head_sends_the_permit_back_after_the_parallel_consultations(demo: Any, frozen: Any) -> None:
    d = submit_demo("1.009974", frozen)
    lifecycle.receive(d.pk, actor=actor("tiepnhan.hoankiem"))
    lifecycle.fee_paid(d.pk, actor=actor("tiepnhan.hoankiem"))
    lifecycle.complete_step(d.pk, step_of(d, "chuyenvien.hoankiem").pk, actor=actor("chuyenvien.hoankiem"))
    lifecycle.complete_step(d.pk, step_of(d, "lanhdao.soxaydung").pk, actor=actor("lanhdao.soxaydung"))
    lifecycle.complete_step(d.pk, step_of(d, "congan.hoankiem").pk, actor=actor("congan.hoankiem"))
    lifecycle.complete_step(d.pk, step_of(d, "chuyenvien.hoankiem").pk, actor=actor("chuyenvien.hoankiem"))
    signing = step_of(d, "lanhdao.hoankiem")
    assert signing.step.name == "Ký giấy phép xây dựng"
    lifecycle.send_back(d.pk, signing.pk, actor=actor("lanhdao.hoankiem"), reason="Chưa tổng hợp ý kiến PCCC")
    summary = step_of(d, "chuyenvien.hoankiem")  # the summary after the join opens again, not the consultations
    assert (summary.step.name, summary.assignee.username) == ("Tổng hợp ý kiến, đề xuất", "chuyenvien.hoankiem")
    assert [r.step.name for r in services.active_steps(d.pk)] == ["Tổng hợp ý kiến, đề xuất"]
    lifecycle.complete_step(d.pk, summary.pk, actor=actor("chuyenvien.hoankiem"), note="Đã tổng hợp")
    again = step_of(d, "lanhdao.hoankiem")
    assert again.step.name == "Ký giấy phép xây dựng" and again.pk != signing.pk
    assert lifecycle.approve(d.pk, actor=actor("lanhdao.hoankiem")).status == Status.APPROVED


def test_in_the_common_process_the_specialist_proposes_and_the_head_may_refuse(demo: Any) -> None:
    from motcua.processes.models import ProcessStep

    steps = {
        s.role: s
        for s in ProcessStep.objects.filter(definition__procedure_code="1.001193", definition__active=True)
        if s.role in ("specialist", "head")
    }
    assert (steps["specialist"].can_refuse, steps["specialist"].can_request_supplement) == (False, True)
    assert steps["head"].can_refuse is True
