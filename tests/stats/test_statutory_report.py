"""Biểu 06 on a small hand-checked data set: carried over, supplement, late, withdrawn, outside the period.

Procedure T.001: 3 working days, "end_of_day" (Civil Code art. 147-148). Period: 2–30 Nov 2026.
Tue 24 Nov 2026 is Vietnam Culture Day (a day off).

  A  received Wed 28 Oct 10:00 (due Mon 2 Nov 17:00), result Tue 3 Nov 09:00      carried over, resolved late
  B  received Thu 29 Oct 10:00 (due Tue 3 Nov 17:00), still open                   carried over, in progress overdue
  C  received and resolved Fri 30 Oct                                              outside the period
  D  online, received Mon 2 Nov 09:00 (due Thu 5 Nov 17:00), result Wed 4 Nov      new online, resolved early
  E  counter, Mon 2 Nov 10:00 (due Thu 5 Nov 17:00), result Thu 5 Nov 17:00        new in person, resolved on time
  F  online, received Mon 23 Nov 09:00 (due Fri 27 Nov), supplement asked Wed 25,
     handed in Mon 30 Nov 08:00 → due restarts: Thu 3 Dec 17:00; open              new online, in progress in time
  G  counter, Mon 2 Nov 11:00, withdrawn Tue 3 Nov                                 new in person, then leaves the count
  H  submitted online 10 Nov, never received                                       not counted
  I  received Tue 1 Dec                                                            outside the period
  J  received 20 Oct, withdrawn 21 Oct                                             not counted
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.stats.models import DailyCount
from motcua.stats.services.reconcile import differences, rebuild
from motcua.stats.services.report import CELLS, cell_dossiers, statutory_report
from tests.stats.conftest import EXPECTED, NOV_FROM, NOV_TO, at


@pytest.mark.django_db
def test_hand_checked_november_report(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    assert (dataset["A"].timeliness, dataset["D"].timeliness, dataset["E"].timeliness) == ("late", "early", "on_time")
    assert dataset["F"].original_due_at == at("2026-12-03T17:00")
    rows = statutory_report(date_from=NOV_FROM, date_to=NOV_TO)
    assert len(rows) == 2  # one field at one level, plus the total
    row, total = rows[0].as_dict(), rows[1].as_dict()
    assert (row["field_code"], row["field_name"], row["level"]) == ("T-HT", "Hộ tịch thử nghiệm", "commune")
    assert {k: row[k] for k in EXPECTED} == EXPECTED
    assert {k: total[k] for k in EXPECTED} == EXPECTED


@pytest.mark.django_db
def test_drill_down_lists_the_dossiers_behind_each_cell(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    names = {d.pk: name for name, d in dataset.items()}

    def cell(name: str) -> list[str]:
        return sorted(
            names[pk] for pk in cell_dossiers(name, date_from=NOV_FROM, date_to=NOV_TO).values_list("pk", flat=True)
        )

    assert {c: cell(c) for c in CELLS} == {
        "carried_over": ["A", "B"],
        "received_online": ["D", "F"],
        "received_offline": ["E", "G"],
        "resolved_early": ["D"],
        "resolved_on_time": ["E"],
        "resolved_late": ["A"],
        "in_progress_in_time": ["F"],
        "in_progress_overdue": ["B"],
    }
    row = statutory_report(date_from=NOV_FROM, date_to=NOV_TO)[0]
    for c in CELLS:
        assert getattr(row, c) == len(cell(c)), c


@pytest.mark.django_db
def test_october_and_scope(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    october = statutory_report(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))[0]
    # Received J, A, B, C (all counter/online); resolved C early; J withdrawn; A and B open at 31 Oct.
    assert (
        october.received_total,
        october.carried_over,
        october.resolved_total,
        october.resolved_early,
        october.in_progress_total,
        october.in_progress_in_time,
    ) == (4, 0, 1, 1, 2, 2)
    assert statutory_report(date_from=NOV_FROM, date_to=NOV_TO, agency_code="H26.102")[-1].received_total == 0
    assert statutory_report(date_from=NOV_FROM, date_to=NOV_TO, agency_code="H26.101")[-1].received_total == 6


@pytest.mark.django_db
def test_counters_equal_the_full_recount_and_drift_is_found(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    assert differences() == []
    row = DailyCount.objects.get(day=date(2026, 11, 4))
    row.finished_early += 5
    row.save()
    diffs = differences()
    assert [(d.day, d.metric, d.stored, d.recounted) for d in diffs] == [(date(2026, 11, 4), "finished_early", 6, 1)]
    out = io.StringIO()
    with pytest.raises(Exception, match="1 differences"):
        call_command("stats", "reconcile", stdout=out)
    call_command("stats", "reconcile", "--fix", stdout=out)
    assert differences() == []
    assert rebuild() == DailyCount.objects.count()


@pytest.mark.django_db
def test_report_command_formats(world: Any, frozen: Any, dataset: dict[str, Any], tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("report", "tthc", "--from", "2026-11-02", "--to", "2026-11-30", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert {k: data["rows"][0][k] for k in EXPECTED} == EXPECTED
    csv_path = tmp_path / "r.csv"
    call_command(
        "report", "tthc", "--from", "2026-11-02", "--to", "2026-11-30", "--format", "csv", "--output", str(csv_path)
    )
    first = next(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert int(first["resolved_late"]) == 1 and first["field_name"] == "Hộ tịch thử nghiệm"
    xlsx = tmp_path / "r.xlsx"
    call_command(
        "report",
        "tthc",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-30",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(xlsx).active
    assert sheet["B2"].value == "Lĩnh vực" and sheet["B3"].value == "Hộ tịch thử nghiệm" and sheet["D3"].value == 6


@pytest.mark.django_db
def test_overdue_in_progress_at_every_day_end_equals_the_dossier_table(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    """Closed dossiers count from DailyCount, open ones from the table: both agree with the drill-down."""
    names = {d.pk: name for name, d in dataset.items()}
    seen: dict[date, list[str]] = {}
    day = date(2026, 10, 19)
    while day <= date(2026, 12, 5):
        row = statutory_report(date_from=date(2026, 10, 1), date_to=day)[-1]
        behind = sorted(
            names[pk]
            for pk in cell_dossiers("in_progress_overdue", date_from=date(2026, 10, 1), date_to=day).values_list(
                "pk", flat=True
            )
        )
        assert row.in_progress_overdue == len(behind), day
        assert row.in_progress_in_time == len(
            cell_dossiers("in_progress_in_time", date_from=date(2026, 10, 1), date_to=day)
        ), day
        seen[day] = behind
        day += timedelta(days=1)
    # A (due Mon 2 Nov 17:00) was overdue at the end of 2 Nov only, and was resolved on 3 Nov;
    # B (due Tue 3 Nov 17:00) has been overdue since the end of 3 Nov and is still open.
    assert seen[date(2026, 11, 1)] == []
    assert seen[date(2026, 11, 2)] == ["A"]
    assert seen[date(2026, 11, 3)] == ["B"]
    assert seen[date(2026, 11, 30)] == ["B"] and seen[date(2026, 12, 5)] == ["B", "F", "I"]
    daily = DailyCount.objects.filter(overdue_from__gt=0).values_list("day", "overdue_from", "overdue_until")
    assert list(daily) == [(date(2026, 11, 2), 1, 0)]
    assert DailyCount.objects.get(day=date(2026, 11, 3)).overdue_until == 1


@pytest.mark.django_db
def test_the_overdue_split_reads_open_dossiers_through_their_index(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        statutory_report(date_from=NOV_FROM, date_to=NOV_TO)
    dossier_reads = [q["sql"] for q in queries if "dossiers_dossier" in q["sql"]]
    assert len(dossier_reads) == 1
    assert '"closed_at" IS NULL' in dossier_reads[0] and '"received_at" IS NOT NULL' in dossier_reads[0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'stats_open_due'")
            assert "WHERE ((closed_at IS NULL) AND (received_at IS NOT NULL))" in cursor.fetchone()[0]
