"""Digitisation (số hóa) of the paper documents of a counter dossier: checks, audit line, roles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from motcua.catalogue.code_lists import document_type_name, document_types
from motcua.core.actor import Actor
from motcua.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationError
from motcua.dossiers.models import Digitisation, DossierDocument
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.digitisation import DigitisationInput, check_metadata, digitise
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter
from tests.helpers import as_, pdf_upload, submit

pytestmark = pytest.mark.django_db

GOOD = DigitisationInput(
    document_type="KHAI_SINH",
    number="123/2020",
    issuing_body="UBND Phường Hoàn Kiếm",
    issued_on=date(2020, 5, 4),
    valid_until=None,
)


def counter_dossier(world: Any, officer: str = "reception") -> Any:
    return submit_at_counter(
        actor=Actor(user=world.user(officer), channel="counter"),
        files={"TP1": [pdf_upload()]},
        data=SubmissionInput(
            procedure_code="T.001",
            agency_code="H26.101",
            applicant=ApplicantData(type="citizen", name="Trần Văn Quầy", id_number="001085012345"),
            form_data={"purpose": "Quầy"},
        ),
    )


def paper_of(dossier: Any) -> DossierDocument:
    return DossierDocument.objects.get(dossier=dossier, kind=DossierDocument.Kind.SUBMITTED)


def test_the_code_list_holds_the_common_papers() -> None:
    codes = dict(document_types())
    assert {"CCCD", "KHAI_SINH", "KET_HON", "GCN_QSDD", "GPLX", "DKDN"} <= set(codes)
    assert len(codes) == len(document_types())  # codes are unique
    assert document_type_name("GPLX") == "Giấy phép lái xe" and document_type_name("NOPE") is None


def test_digitise_writes_the_record_and_its_history_line(world: Any, frozen: Any) -> None:
    d = counter_dossier(world)
    doc = paper_of(d)
    record = digitise(doc.pk, GOOD, actor=as_(world, "reception"))
    assert (record.document_type, record.number, record.kind) == ("KHAI_SINH", "123/2020", "scan")
    assert record.digitised_by == world.user("reception") and record.certified_by is None
    assert record.sealed_at is None and not record.sealed_file  # nothing signs yet: no faked signature
    line = d.events.get(action="digitise")
    assert (line.actor, line.actor_role, line.from_status, line.to_status) == (
        world.user("reception"),
        "reception",
        "received",
        "received",
    )
    assert line.data == {
        "document": doc.pk,
        "name": doc.original_name,
        "document_type": "KHAI_SINH",
        "number": "123/2020",
        "kind": "scan",
    }
    assert line.agency == world.commune
    with pytest.raises(Conflict) as again:
        digitise(doc.pk, GOOD, actor=as_(world, "reception"))
    assert again.value.code == "already_digitised"


def test_certified_copy_names_an_official_of_the_receiving_body(world: Any) -> None:
    d = counter_dossier(world)
    doc = paper_of(d)
    copy = replace(GOOD, kind="certified_copy", certified_by="other_head")
    with pytest.raises(ValidationError) as other_body:
        digitise(doc.pk, copy, actor=as_(world, "reception"))
    assert other_body.value.code == "invalid_certifier"
    with pytest.raises(ValidationError) as citizen:
        digitise(doc.pk, replace(copy, certified_by="citizen"), actor=as_(world, "reception"))
    assert citizen.value.code == "invalid_certifier"
    record = digitise(doc.pk, replace(copy, certified_by="head"), actor=as_(world, "reception"))
    assert record.certified_by == world.user("head")
    assert d.events.get(action="digitise").data["certified_by"] == "head"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"document_type": "NOPE"}, "document_type", "unknown_document_type"),
        ({"document_type": ""}, "document_type", "required"),
        ({"number": "  "}, "number", "required"),
        ({"issuing_body": ""}, "issuing_body", "required"),
        ({"issued_on": None}, "issued_on", "required"),
        ({"issued_on": date(2026, 12, 5)}, "issued_on", "future_date"),
        ({"valid_until": date(2020, 5, 3)}, "valid_until", "expiry_before_issue"),
        ({"kind": "photo"}, "kind", "invalid_kind"),
        ({"kind": "certified_copy"}, "certified_by", "certifier_required"),
        ({"certified_by": "head"}, "certified_by", "certifier_not_allowed"),
    ],
)
def test_bad_metadata_is_refused_by_field(change: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        check_metadata(replace(GOOD, **change), today=date(2026, 12, 4))
    assert (exc.value.code, exc.value.details) == (code, {"field": field})
    assert str(exc.value.message)


def test_the_same_day_and_an_expiry_after_issue_are_fine() -> None:
    ok = check_metadata(
        replace(GOOD, issued_on=date(2026, 12, 4), valid_until=date(2036, 12, 4)), today=date(2026, 12, 4)
    )
    assert ok.valid_until == date(2036, 12, 4)


@pytest.mark.parametrize("who", ["specialist", "head", "clerk", "other_reception", "dept_reception", "citizen"])
def test_only_the_reception_role_of_the_receiving_body(world: Any, who: str) -> None:
    d = counter_dossier(world)
    with pytest.raises(PermissionDenied):
        digitise(paper_of(d).pk, GOOD, actor=as_(world, who))
    assert not Digitisation.objects.exists() and not d.events.filter(action="digitise").exists()


def test_nothing_is_digitised_of_an_online_dossier_a_result_or_a_closed_dossier(world: Any) -> None:
    online = submit(world)
    with pytest.raises(ValidationError) as e_filed:
        digitise(paper_of(online).pk, GOOD, actor=as_(world, "reception"))
    assert e_filed.value.code == "not_paper"
    d = counter_dossier(world)
    lifecycle.withdraw(d.pk, actor=as_(world, "reception"))
    with pytest.raises(InvalidTransition):
        digitise(paper_of(d).pk, GOOD, actor=as_(world, "reception"))
    assert not Digitisation.objects.exists()
