"""The scale generator writes believable, internally consistent data."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.core.management import call_command

from motcua.calendars.workcal import WorkingCalendar
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.stats.services.reconcile import differences
from motcua.stats.services.report import statutory_report


@pytest.mark.django_db
def test_generated_history_is_consistent(frozen: Any) -> None:
    frozen(datetime(2026, 11, 22, 12, 0, tzinfo=VN_TZ))
    out = io.StringIO()
    call_command("demo-data", "--dossiers", "800", "--from", "2026-09-01", "--to", "2026-11-20", stdout=out)
    assert out.getvalue().startswith("800 dossiers")
    assert Dossier.objects.count() == 800
    assert differences() == []
    cal = WorkingCalendar.load()
    for d in Dossier.objects.exclude(received_at=None)[:200]:
        assert d.submitted_at <= d.received_at < d.original_due_at
        assert cal.is_working_time(d.original_due_at)
        assert d.code.split("-")[1] == d.submitted_at.astimezone(VN_TZ).strftime("%y%m%d")
        if d.finished_at:
            assert d.closed_at == d.finished_at and d.timeliness in {"early", "on_time", "late"}
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == 800
    per_day: dict[tuple[str, str], list[int]] = {}
    for code in codes:
        agency, day, n = code.rsplit("-", 2)
        per_day.setdefault((agency, day), []).append(int(n))
    for (agency, day), numbers in per_day.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))  # gap-free
        assert DossierCodeCounter.objects.get(
            agency_code=agency, day=datetime.strptime(day, "%y%m%d").date()
        ).last == len(numbers)
    total = statutory_report(date_from=date(2026, 9, 1), date_to=date(2026, 11, 20))[-1]
    assert total.received_total == Dossier.objects.exclude(received_at=None).count()
    assert 0 < total.resolved_late < total.resolved_early
