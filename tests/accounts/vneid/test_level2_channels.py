"""A level-2 e-ID procedure (``Procedure.requires_eid_level2``) is one rule of the domain
(``dossiers.services.submission.needs_higher_eid_level``): the portal, the API's online submission
and the national portal's intake all refuse a filing below level 2; the counter does not ask."""

from __future__ import annotations

import json
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.actor import Actor
from motcua.core.errors import PermissionDenied
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import (
    SubmissionInput,
    needs_higher_eid_level,
    submit_at_counter,
    submit_from_national_portal,
)
from motcua.dossiers.statuses import Status
from tests.helpers import PDF, api_client, named_bytes

pytestmark = pytest.mark.django_db

BODY: dict[str, Any] = {
    "procedure_code": "T.001",
    "agency_code": "H26.101",
    "form_data": {"purpose": "Xác nhận"},
    "applicant": {"type": "citizen", "name": "Nguyễn Thị Hằng", "id_number": "001190012345"},
    "documents": ["TP1"],
}


def _post(client: Any, path: str = "/api/v1/dossiers") -> Any:
    return client.post(path, {"payload": json.dumps(BODY), "files": [named_bytes(PDF, "a.pdf")]})


def _level2_procedure() -> None:
    Procedure.objects.filter(code="T.001").update(requires_eid_level2=True)


def _data() -> SubmissionInput:
    return SubmissionInput(
        procedure_code="T.001",
        agency_code="H26.101",
        applicant=ApplicantData(type="citizen", name="Nguyễn Thị Hằng", id_number="001190012345"),
        form_data={"purpose": "Xác nhận"},
    )


def test_the_rule_asks_level_2_only_of_a_level_2_procedure(world: Any) -> None:
    procedure = Procedure.objects.get(code="T.001")
    assert [needs_higher_eid_level(procedure, level) for level in (0, 1, 2)] == [False, False, False]
    procedure.requires_eid_level2 = True
    assert [needs_higher_eid_level(procedure, level) for level in (0, 1, 2)] == [True, True, False]


@pytest.mark.parametrize("level", [0, 1])
def test_the_api_refuses_an_online_filing_below_level_2_with_a_json_error(world: Any, level: int) -> None:
    _level2_procedure()
    citizen = world.user("citizen")
    User.objects.filter(pk=citizen.pk).update(eid_level=level)
    response = _post(api_client(User.objects.get(pk=citizen.pk)))
    assert response.status_code == 403, response.content[:300]
    body = response.json()
    assert body["code"] == "eid_level_required"
    assert "định danh điện tử mức độ 2" in body["message"] and "bộ phận một cửa" in body["message"]
    assert not Dossier.objects.exists()


def test_the_api_files_it_for_a_level_2_citizen_and_for_anyone_when_not_required(world: Any) -> None:
    citizen = world.user("citizen")
    assert _post(api_client(citizen)).status_code == 201  # not a level-2 procedure: level 0 files it
    _level2_procedure()
    User.objects.filter(pk=citizen.pk).update(eid_level=2)
    response = _post(api_client(User.objects.get(pk=citizen.pk)))
    assert response.status_code == 201, response.content[:300]
    assert Dossier.objects.count() == 2


def test_the_counter_receives_a_level_2_procedure_whatever_the_applicant_level(world: Any) -> None:
    _level2_procedure()
    response = _post(api_client(world.user("reception")), "/api/v1/counter/dossiers")
    assert response.status_code == 201, response.content[:300]
    assert response.json()["status"] == "received"
    files = {"TP1": [named_bytes(PDF, "a.pdf")]}
    dossier = submit_at_counter(actor=Actor(user=world.user("reception")), data=_data(), files=files)
    assert dossier.status == Status.RECEIVED


@pytest.mark.parametrize("verified", [False, True])
def test_submit_from_the_national_portal_follows_the_vneid_flag(world: Any, verified: bool) -> None:
    _level2_procedure()
    files = {"TP1": [named_bytes(PDF, "a.pdf")]}
    if not verified:
        with pytest.raises(PermissionDenied) as refused:
            submit_from_national_portal(actor=Actor(user=None), data=_data(), files=files, vneid_verified=False)
        assert refused.value.code == "eid_level_required" and "VNeID" in str(refused.value.message)
        assert not Dossier.objects.exists()
    else:
        dossier = submit_from_national_portal(actor=Actor(user=None), data=_data(), files=files, vneid_verified=True)
        assert dossier.status == Status.SUBMITTED
