"""The hand-checked data set of tests/stats/test_statutory_report.py, shared with the page tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from motcua.core.actor import Actor
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter
from tests.helpers import as_, pdf_upload, result_record, submit

NOV_FROM, NOV_TO = date(2026, 11, 2), date(2026, 11, 30)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+07:00")


def counter(world: Any) -> Any:
    return submit_at_counter(
        actor=Actor(user=world.user("reception"), channel="counter"),
        files={"TP1": [pdf_upload()]},
        data=SubmissionInput(
            procedure_code="T.001",
            agency_code="H26.101",
            applicant=ApplicantData(type="citizen", name="Trần Văn Quầy", id_number="001085012345"),
            form_data={"purpose": "Quầy"},
        ),
    )


def finish(world: Any, frozen: Any, d: Any, when: str) -> Any:
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload())
    frozen(at(when))
    return lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())


def online(world: Any, frozen: Any, when: str) -> Any:
    frozen(at(when))
    return lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))


@pytest.fixture
def dataset(world: Any, frozen: Any) -> dict[str, Any]:
    s: dict[str, Any] = {}
    frozen(at("2026-10-20T09:00"))
    s["J"] = counter(world)
    frozen(at("2026-10-21T09:00"))
    lifecycle.withdraw(s["J"].pk, actor=as_(world, "reception"))
    s["A"] = online(world, frozen, "2026-10-28T10:00")
    s["B"] = online(world, frozen, "2026-10-29T10:00")
    s["C"] = online(world, frozen, "2026-10-30T09:00")
    finish(world, frozen, s["C"], "2026-10-30T15:00")
    s["D"] = online(world, frozen, "2026-11-02T09:00")
    frozen(at("2026-11-02T10:00"))
    s["E"] = counter(world)
    frozen(at("2026-11-02T11:00"))
    s["G"] = counter(world)
    frozen(at("2026-11-03T08:00"))
    lifecycle.withdraw(s["G"].pk, actor=as_(world, "reception"), reason="Công dân rút")
    s["A"] = finish(world, frozen, s["A"], "2026-11-03T09:00")
    s["D"] = finish(world, frozen, s["D"], "2026-11-04T10:00")
    s["E"] = finish(world, frozen, s["E"], "2026-11-05T17:00")
    frozen(at("2026-11-10T09:00"))
    s["H"] = submit(world)
    s["F"] = online(world, frozen, "2026-11-23T09:00")
    frozen(at("2026-11-25T10:00"))
    lifecycle.request_supplement(s["F"].pk, actor=as_(world, "head"), items=[{"name": "Tờ khai", "reason": "Thiếu"}])
    frozen(at("2026-11-30T08:00"))
    upload_document(s["F"].pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf_upload())
    s["F"] = lifecycle.supplement(s["F"].pk, actor=as_(world, "citizen"))
    s["I"] = online(world, frozen, "2026-12-01T09:00")
    return s


EXPECTED = {
    "received_total": 6,
    "carried_over": 2,
    "received_online": 2,
    "received_offline": 2,
    "resolved_total": 3,
    "resolved_early": 1,
    "resolved_on_time": 1,
    "resolved_late": 1,
    "in_progress_total": 2,
    "in_progress_in_time": 1,
    "in_progress_overdue": 1,
}
