"""Concurrent submissions and concurrent actions on one dossier, on real threads and connections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.core.errors import Conflict
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import Status
from motcua.organisation.services import role_grant
from tests.helpers import as_, make_user, run_at_once, submit


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_get_fifty_gap_free_codes(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    results, errors = run_at_once(50, lambda i: submit(world).code)
    assert errors == []
    assert len(set(results)) == 50
    assert sorted(results) == [f"H26.101-261123-{n:04d}" for n in range(1, 51)]
    assert DossierCodeCounter.objects.get(agency_code="H26.101").last == 50
    assert Dossier.objects.count() == 50


@pytest.mark.django_db(transaction=True)
def test_a_failed_submission_gives_its_number_back(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    first = submit(world)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure inside the transaction must roll back the number
        submit(world, form_data={})  # the required form field is missing
    assert submit(world).code == first.code[:-4] + "0002"


@pytest.mark.django_db(transaction=True)
def test_two_officials_receiving_at_once_exactly_one_wins(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    second = make_user("reception2")
    role_grant(user=second, agency=world.commune, role="reception")
    world.users["reception2"] = second
    d = submit(world)
    names = ["reception", "reception2"]
    results, errors = run_at_once(2, lambda i: lifecycle.receive(d.pk, actor=as_(world, names[i])).status)
    assert results == [Status.RECEIVED]
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert errors[0].http_status == 409
    assert DossierEvent.objects.filter(dossier=d, action="receive").count() == 1
    assert Dossier.objects.get(pk=d.pk).version == 2


@pytest.mark.django_db(transaction=True)
def test_same_version_sent_twice_one_conflicts(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assignees = ["specialist", "head"]
    results, errors = run_at_once(
        2,
        lambda i: (
            lifecycle.assign(
                d.pk, actor=as_(world, "head"), assignee_username=assignees[i], version=d.version
            ).assignee.username
        ),
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], Conflict) and errors[0].code == "version_conflict"
    assert Dossier.objects.get(pk=d.pk).assignee.username == results[0]
