"""The clerk records the result's number, date and signer when issuing it; an extension is bounded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from motcua.core.clock import VN_TZ
from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.services.results import ResultRecord
from motcua.dossiers.statuses import Status
from tests.helpers import as_, pdf_upload, submit

pytestmark = pytest.mark.django_db

RECORD = ResultRecord(
    number="125/GKS-UBND",
    issued_on=date(2026, 11, 25),
    signer_name="Phạm Quốc Hùng",
    signer_position="Chủ tịch Ủy ban nhân dân phường",
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


@pytest.fixture
def approved(world: Any, frozen: Any) -> Dossier:
    """Approved on Tuesday 25/11 (the 24th is a day off in the test calendar), result file uploaded, now the 26th."""
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    frozen(at("2026-11-25T10:00"))
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    frozen(at("2026-11-26T09:00"))
    return Dossier.objects.get(pk=d.pk)


def state(d: Dossier) -> tuple[Any, ...]:
    x = Dossier.objects.get(pk=d.pk)
    return x.status, x.version, x.result_number, DossierEvent.objects.filter(dossier=d).count()


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"number": "  "}, "result_number", "required"),
        ({"issued_on": None}, "result_date", "required"),
        ({"issued_on": date(2026, 11, 27)}, "result_date", "result_date_in_future"),
        ({"issued_on": date(2026, 11, 23)}, "result_date", "result_date_before_approval"),
        ({"signer_name": ""}, "signer_name", "required"),
        ({"signer_position": " "}, "signer_position", "required"),
        ({"number": "1" * 51}, "result_number", "too_long"),
    ],
)
def test_a_result_without_its_number_date_or_signer_is_not_issued(
    world: Any, approved: Dossier, change: Any, field: str, code: str
) -> None:
    before = state(approved)
    with pytest.raises(ValidationError) as exc:
        lifecycle.issue_result(approved.pk, actor=as_(world, "clerk"), record=replace(RECORD, **change))
    assert (exc.value.code, exc.value.details) == (code, {"field": field})
    assert state(approved) == before
    with pytest.raises(ValidationError):
        lifecycle.issue_result(approved.pk, actor=as_(world, "clerk"))  # no record at all
    assert state(approved) == before


def test_messages_name_the_dates(world: Any, approved: Dossier) -> None:
    with pytest.raises(ValidationError) as late:
        lifecycle.issue_result(
            approved.pk, actor=as_(world, "clerk"), record=replace(RECORD, issued_on=date(2026, 11, 23))
        )
    assert str(late.value.message) == "Ngày ban hành không được trước ngày phê duyệt hồ sơ (25/11/2026)."
    with pytest.raises(ValidationError) as future:
        lifecycle.issue_result(
            approved.pk, actor=as_(world, "clerk"), record=replace(RECORD, issued_on=date(2027, 1, 1))
        )
    assert str(future.value.message) == "Ngày ban hành không được sau ngày hôm nay (26/11/2026)."


def test_the_record_is_stored_and_written_to_the_history(world: Any, approved: Dossier) -> None:
    record = replace(RECORD, number=" 125/GKS-UBND ", signer_name="Phạm  Quốc Hùng")
    d = lifecycle.issue_result(approved.pk, actor=as_(world, "clerk"), record=record)
    assert d.status == Status.RESULT_READY
    stored = Dossier.objects.get(pk=d.pk)
    assert (stored.result_number, stored.result_date, stored.result_signer_name, stored.result_signer_position) == (
        "125/GKS-UBND",
        date(2026, 11, 25),
        "Phạm Quốc Hùng",
        "Chủ tịch Ủy ban nhân dân phường",
    )
    event = DossierEvent.objects.get(dossier=d, action="issue_result")
    assert event.data["result"] == {
        "number": "125/GKS-UBND",
        "date": "2026-11-25",
        "signer_name": "Phạm Quốc Hùng",
        "signer_position": "Chủ tịch Ủy ban nhân dân phường",
    }


# --- Extension (xin lỗi và hẹn lại ngày trả) --------------------------------------------------


@pytest.fixture
def due_friday(world: Any, frozen: Any) -> Dossier:
    """T.001 (3 working days) received Monday 23/11 09:00: due Friday 27/11 17:00; now Wednesday."""
    frozen(at("2026-11-23T09:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    frozen(at("2026-11-25T09:00"))
    return d


def test_the_new_date_is_at_most_the_procedures_time_after_the_due_date(world: Any, due_friday: Dossier) -> None:
    before = state(due_friday)
    with pytest.raises(ValidationError) as exc:
        lifecycle.extend(due_friday.pk, actor=as_(world, "head"), new_due_at=at("2026-12-03T08:00"), reason="Chờ")
    assert exc.value.code == "extension_too_long" and exc.value.details["max_working_days"] == 3
    assert str(exc.value.message) == (
        "Ngày hẹn mới chỉ được sau ngày hẹn trả hiện tại tối đa 3 ngày làm việc, tức chậm nhất 17:00 02/12/2026."
    )
    assert state(due_friday) == before and Dossier.objects.get(pk=due_friday.pk).extended_at is None
    d = lifecycle.extend(due_friday.pk, actor=as_(world, "head"), new_due_at=at("2026-12-02T17:00"), reason="Chờ")
    assert d.due_at == at("2026-12-02T17:00")


def test_the_bound_is_a_setting(world: Any, due_friday: Dossier, settings: Any) -> None:
    settings.MOTCUA_EXTENSION_MAX_WORKING_DAYS = 1
    with pytest.raises(ValidationError) as exc:
        lifecycle.extend(due_friday.pk, actor=as_(world, "head"), new_due_at=at("2026-12-01T09:00"), reason="Chờ")
    assert exc.value.code == "extension_too_long" and "tối đa 1 ngày làm việc" in str(exc.value.message)
    assert lifecycle.extend(
        due_friday.pk, actor=as_(world, "head"), new_due_at=at("2026-11-30T17:00"), reason="Chờ"
    ).due_at == at("2026-11-30T17:00")


def test_the_bound_in_working_days_of_each_kind_of_time() -> None:
    from datetime import timedelta

    from motcua.dossiers.services.timing import legal_time_in_working_days

    day = timedelta(hours=7, minutes=30)
    cases = {
        ("working_days", "3"): 3,
        ("working_days", "0"): 1,
        ("working_days", "1.5"): 2,
        ("working_hours", "8"): 2,
        ("working_hours", "4"): 1,
        ("calendar_days", "15"): 15,
    }
    assert {key: legal_time_in_working_days(*key, day) for key in cases} == cases


def test_the_apology_is_offered_once_the_extension_made_it_is_not_offered_again(
    world: Any, due_friday: Dossier
) -> None:
    """Decree 61/2018 art. 19: one new due date. After it, "extend" is not offered (back office, API);
    the Mẫu 04 of that extension stays printable."""
    from motcua.dossiers.permissions import allowed_actions
    from tests.helpers import api_client

    head = world.user("head")
    assert "extend" in allowed_actions(head, Dossier.objects.get(pk=due_friday.pk))
    lifecycle.extend(due_friday.pk, actor=as_(world, "head"), new_due_at=at("2026-12-01T10:00"), reason="Chờ ý kiến")
    extended = Dossier.objects.get(pk=due_friday.pk)
    assert "extend" not in allowed_actions(head, extended)
    assert "extend" not in api_client(head).get(f"/api/v1/dossiers/{extended.code}").json()["allowed_actions"]
    from django.test import Client

    client = Client()
    client.force_login(head)
    page = client.get(f"/backoffice/ho-so/{extended.code}/").content.decode()
    assert 'id="thao-tac-extend"' not in page
    assert f"/backoffice/ho-so/{extended.code}/mau-04.pdf" in page
