"""The demo data loads, and every demo procedure can be received at the counter and online."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.actor import Actor
from motcua.demo.data import demo_logins, load_demo
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import (
    SubmissionInput,
    can_receive,
    submit_at_counter,
    submit_online,
)
from motcua.dossiers.statuses import Status
from motcua.organisation.models import Agency, OfficialRole
from tests.helpers import required_papers, sample_form

REQUIRED_CODES = {"1.001193", "2.000815", "3.000333", "2.000720", "1.009974", "2.000986"}


@pytest.mark.django_db
def test_demo_loads_and_every_procedure_can_be_received(frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    load_demo()
    codes = set(Procedure.objects.values_list("code", flat=True))
    assert len(codes) >= 12 and codes >= REQUIRED_CODES
    assert {u for u, _ in demo_logins()} >= {"admin", "congdan", "tiepnhan.hoankiem", "lanhdao.hoankiem"}
    citizen = User.objects.get(username="congdan")
    for procedure in Procedure.objects.select_related("current_version"):
        version = procedure.current_version
        assert version is not None
        agency = next(a for a in Agency.objects.order_by("code") if can_receive(version, a))
        officer = OfficialRole.objects.filter(agency=agency, role="reception").first()
        assert officer is not None, f"no reception officer for {procedure.code} at {agency.code}"
        kind = "business" if version.applicant_types == ["business"] else "citizen"
        files, shown = required_papers(version, "counter", kind)
        applicant = ApplicantData(
            type=kind,
            name="Công dân mẫu",
            id_number="001085012345" if kind == "citizen" else "0101234567",
            phone="0912345678",
        )
        data = SubmissionInput(
            procedure_code=procedure.code,
            agency_code=agency.code,
            applicant=applicant,
            form_data=sample_form(version.form_fields),
            shown=shown,
        )
        d = submit_at_counter(actor=Actor(user=officer.user, channel="counter"), data=data, files=files)
        pays_first = version.payment_before_processing and sum(f.amount for f in version.fees.all()) > 0
        assert d.status == (Status.FEE_REQUESTED if pays_first else Status.RECEIVED), procedure.code
        assert d.due_at is not None and d.received_at is not None and d.due_at > d.received_at, procedure.code
        if version.online_level != "none" and kind in (version.applicant_types or ["citizen"]):
            online_files, _shown = required_papers(version, "online", kind)
            online = submit_online(actor=Actor(user=citizen), data=replace(data, shown=()), files=online_files)
            assert online.status == Status.SUBMITTED
