"""The transition hot path: a fixed number of queries per action (pinned), with warm per-process caches."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.clock import VN_TZ
from motcua.dossiers.services import lifecycle
from motcua.organisation.models import ReceivingPoint
from tests.helpers import as_, submit

# Inside a test every transaction.atomic() is a savepoint: 2 of each count are SAVEPOINT/RELEASE.
# PostgreSQL: the lock (with the actor's roles), then one statement for all writes; assign first
# looks up the assignee and checks the assignee's roles. SQLite sends each write on its own.
PINNED = {
    "postgresql": {"receive": 4, "assign": 6, "approve": 4, "refuse": 4},
    "sqlite": {"receive": 7, "assign": 8, "approve": 6, "refuse": 7},
}


def run(world: Any, pk: int) -> dict[str, list[str]]:
    steps = {
        "receive": lambda: lifecycle.receive(pk, actor=as_(world, "reception")),
        "assign": lambda: lifecycle.assign(pk, actor=as_(world, "head"), assignee_username="specialist"),
        "approve": lambda: lifecycle.approve(pk, actor=as_(world, "head")),
        "refuse": lambda: lifecycle.refuse(pk, actor=as_(world, "head"), reasons="Không đủ điều kiện"),
    }
    seen = {}
    for name, step in steps.items():
        with CaptureQueriesContext(connection) as queries:
            step()
        seen[name] = [q["sql"] for q in queries]
    return seen


@pytest.mark.django_db
def test_transitions_run_a_pinned_number_of_queries(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    first, second = submit(world), submit(world)
    run(world, first.pk)  # the first reception in a process loads the version, hours and overrides
    seen = run(world, second.pk)
    assert {name: len(sql) for name, sql in seen.items()} == PINNED[connection.vendor], seen
    if connection.vendor == "postgresql":
        for sql in seen.values():
            assert any("FOR UPDATE" in q and "organisation_officialrole" in q for q in sql)
            assert (
                sql[-2].startswith("WITH ") and "dossiers_dossierevent" in sql[-2] and "core_outboxmessage" in sql[-2]
            )
    receive = " ".join(seen["receive"])
    for table in (
        "calendars_calendaroverride",
        "catalogue_feeline",
        "catalogue_procedureversion",
        "organisation_receivingpoint",
    ):
        assert table not in receive
    assert not any("SAVEPOINT" in q for q in seen["approve"][1:-1])  # the outbox insert needs none


@pytest.mark.django_db
def test_new_working_hours_apply_to_the_next_reception(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))  # Monday
    before = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    point = ReceivingPoint.objects.get(agency=world.commune)
    point.afternoon_end = time(16, 30)
    point.save()
    after = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assert before.due_at is not None and after.due_at is not None
    assert before.due_at.astimezone(VN_TZ).time() == time(17, 0)
    assert after.due_at.astimezone(VN_TZ).time() == time(16, 30)


@pytest.mark.django_db
def test_submission_takes_its_number_last(world: Any, frozen: Any) -> None:
    """The per-agency counter row is locked by every submission: only the code update follows it."""
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    submit(world)
    with CaptureQueriesContext(connection) as queries:
        d = submit(world)
    sql = [q["sql"] for q in queries]
    if connection.vendor == "postgresql":  # the number is taken and written in one statement
        # The procedure, body, document list and receiving point come from the process caches
        # (dossiers/services/targets.py): SAVEPOINT .. RELEASE around 5 statements.
        assert len(sql) == 7, sql
        assert "dossiers_dossiercodecounter" in sql[-2] and 'SET "code"' in sql[-2] and "RELEASE" in sql[-1]
    else:
        assert len(sql) == 8, sql
        assert "dossiers_dossiercodecounter" in sql[-3] and 'SET "code"' in sql[-2] and "RELEASE" in sql[-1]
    assert d.code == "H26.101-261123-0002"
    d.refresh_from_db()
    assert d.code == "H26.101-261123-0002"
