"""Overrides stored in the database win over the computed calendar; admin changes are audited."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.calendars.deadlines import ProcessingTime, compute_due
from motcua.calendars.models import CalendarOverride
from motcua.calendars.workcal import WorkingCalendar
from motcua.core.models import AuditLog

from .helpers import d, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def overrides() -> None:
    CalendarOverride.objects.create(date=d("2025-03-05"), kind="off", name="Nghỉ đột xuất do bão")
    CalendarOverride.objects.create(date=d("2025-03-09"), kind="work", name="Làm việc bù Chủ nhật")


def test_load_reads_overrides_in_one_query(overrides: None, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        cal = WorkingCalendar.load()
    assert cal.overrides == {
        d("2025-03-05"): (False, "Nghỉ đột xuất do bão"),
        d("2025-03-09"): (True, "Làm việc bù Chủ nhật"),
    }


def test_overrides_change_due_times(overrides: None) -> None:
    received = vn(2025, 3, 4, 10, 0)  # Tuesday
    one_day, three_days = (ProcessingTime("working_days", Decimal(n)) for n in (1, 3))
    plain = WorkingCalendar()
    assert compute_due(received, one_day, plain, day_mode="end_of_day") == vn(2025, 3, 5, 17, 0)
    assert compute_due(received, three_days, plain, day_mode="end_of_day") == vn(2025, 3, 7, 17, 0)
    loaded = WorkingCalendar.load()
    # Wednesday 5/3 is off; Sunday 9/3 is worked: Thu 6, Fri 7, Sun 9.
    assert compute_due(received, one_day, loaded, day_mode="end_of_day") == vn(2025, 3, 6, 17, 0)
    assert compute_due(received, three_days, loaded, day_mode="end_of_day") == vn(2025, 3, 9, 17, 0)


def test_overrides_change_the_holidays_command(overrides: None) -> None:
    out = StringIO()
    call_command("calendar", "holidays", "2025", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[6:9] == [
        "2025-03-05 off Nghỉ đột xuất do bão",
        "2025-03-09 work Làm việc bù Chủ nhật",
        "2025-04-07 off Ngày Giỗ Tổ Hùng Vương",
    ]
    assert len(lines) == 15


def test_overrides_change_the_due_command(overrides: None) -> None:
    out = StringIO()
    call_command("calendar", "due", "2025-03-04T10:00", "3", stdout=out)
    assert out.getvalue().split()[0] == "2025-03-09T17:00:00+07:00"


def test_an_override_cancels_an_official_day_off() -> None:
    CalendarOverride.objects.create(date=d("2025-05-02"), kind="work", name="Làm việc bình thường")
    cal = WorkingCalendar.load()
    assert cal.is_working_day(d("2025-05-02"))
    assert d("2025-05-02") not in [day for day, _kind, _name in cal.deviations(2025)]


def test_admin_add_change_delete_are_audited(admin_client, admin_user) -> None:
    url = "/admin/calendars/calendaroverride/"
    response = admin_client.post(
        f"{url}add/", {"date": "2025-09-03", "kind": "off", "name": "Nghỉ bù Quốc khánh", "note": ""}
    )
    assert response.status_code == 302
    row = CalendarOverride.objects.get(date=d("2025-09-03"))
    response = admin_client.post(
        f"{url}{row.pk}/change/",
        {"date": "2025-09-03", "kind": "off", "name": "Nghỉ bù Quốc khánh 2/9", "note": "CV 123"},
    )
    assert response.status_code == 302
    response = admin_client.post(f"{url}{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()

    logs = list(AuditLog.objects.filter(object_type="calendars.calendaroverride").order_by("pk"))
    assert [log.action for log in logs] == [
        "calendar_override.create",
        "calendar_override.update",
        "calendar_override.delete",
    ]
    assert {log.actor_id for log in logs} == {admin_user.pk}
    assert {log.object_id for log in logs} == {str(row.pk)}
    assert logs[0].changes == {"date": "2025-09-03", "kind": "off", "name": "Nghỉ bù Quốc khánh", "note": ""}
    assert logs[1].changes == {"name": ["Nghỉ bù Quốc khánh", "Nghỉ bù Quốc khánh 2/9"], "note": ["", "CV 123"]}
    assert logs[2].changes["name"] == "Nghỉ bù Quốc khánh 2/9"


def test_admin_bulk_delete_is_audited(admin_client, overrides: None) -> None:
    pks = [str(pk) for pk in CalendarOverride.objects.values_list("pk", flat=True)]
    response = admin_client.post(
        "/admin/calendars/calendaroverride/", {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    deleted = AuditLog.objects.filter(action="calendar_override.delete")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(pks)


def test_admin_filters_by_year(admin_client, overrides: None) -> None:
    CalendarOverride.objects.create(date=d("2026-01-02"), kind="off", name="Nghỉ bù Tết Dương lịch 2026")
    response = admin_client.get("/admin/calendars/calendaroverride/", {"year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nghỉ bù Tết Dương lịch 2026" in page
    assert "Nghỉ đột xuất do bão" not in page
