"""The supplement clock pause (both readings), on-time classification and extension windows."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from motcua.calendars.deadlines import (
    ProcessingTime,
    can_extend,
    classify,
    compute_due,
    due_after_resume,
    readings_from_timestamps,
)
from motcua.calendars.workcal import WorkingCalendar
from motcua.core.errors import ValidationError

from .helpers import vn

CAL = WorkingCalendar()
FIVE_DAYS = ProcessingTime("working_days", Decimal(5))

# Worked example: received Mon 3/3/2025 09:00, 5 working days -> due Mon 10/3 17:00.
RECEIVED = vn(2025, 3, 3, 9, 0)
# First supplement: Wed 5/3 10:00 to Fri 7/3 14:00 = 5 h + 7.5 h + 4.5 h = 17 h of working time.
PAUSE_1 = (vn(2025, 3, 5, 10, 0), vn(2025, 3, 7, 14, 0))
# Second supplement: Tue 11/3 16:00 to Wed 12/3 08:00 = 1 h + 0.5 h.
PAUSE_2 = (vn(2025, 3, 11, 16, 0), vn(2025, 3, 12, 8, 0))


def test_initial_due_of_the_example() -> None:
    assert compute_due(RECEIVED, FIVE_DAYS, CAL, day_mode="end_of_day") == vn(2025, 3, 10, 17, 0)


def test_restart_policy_decree_61() -> None:
    due = due_after_resume(
        policy="restart",
        pt=FIVE_DAYS,
        cal=CAL,
        due_before=vn(2025, 3, 10, 17, 0),
        paused_at=PAUSE_1[0],
        resumed_at=PAUSE_1[1],
        day_mode="end_of_day",
    )
    assert due == vn(2025, 3, 14, 17, 0)  # Fri 7/3 14:00 + 5 days: 10, 11, 12, 13, 14


def test_subtract_policy_decision_766() -> None:
    due = due_after_resume(
        policy="subtract",
        pt=FIVE_DAYS,
        cal=CAL,
        due_before=vn(2025, 3, 10, 17, 0),
        paused_at=PAUSE_1[0],
        resumed_at=PAUSE_1[1],
    )
    assert due == vn(2025, 3, 13, 9, 30)  # Mon 10/3 17:00 + 17 h: Tue 7.5, Wed 7.5, Thu 2


def test_subtract_policy_ignores_a_pause_outside_working_time() -> None:
    due = due_after_resume(
        policy="subtract",
        pt=FIVE_DAYS,
        cal=CAL,
        due_before=vn(2025, 3, 7, 17, 0),
        paused_at=vn(2025, 3, 8, 8, 0),
        resumed_at=vn(2025, 3, 9, 16, 0),
    )
    assert due == vn(2025, 3, 7, 17, 0)


def test_unknown_policy() -> None:
    with pytest.raises(ValidationError) as exc:
        due_after_resume(
            policy="pause",
            pt=FIVE_DAYS,
            cal=CAL,
            due_before=vn(2025, 3, 7, 17),
            paused_at=vn(2025, 3, 5, 9),
            resumed_at=vn(2025, 3, 6, 9),
        )
    assert exc.value.code == "invalid_supplement_policy"


def test_readings_without_pauses_agree() -> None:
    readings = readings_from_timestamps(RECEIVED, [], FIVE_DAYS, CAL, day_mode="end_of_day")
    assert readings == {"decree61": vn(2025, 3, 10, 17, 0), "decision766": vn(2025, 3, 10, 17, 0)}


def test_readings_with_one_supplement() -> None:
    readings = readings_from_timestamps(RECEIVED, [PAUSE_1], FIVE_DAYS, CAL, day_mode="end_of_day")
    assert readings == {"decree61": vn(2025, 3, 14, 17, 0), "decision766": vn(2025, 3, 13, 9, 30)}


def test_readings_with_two_supplements() -> None:
    readings = readings_from_timestamps(RECEIVED, [PAUSE_1, PAUSE_2], FIVE_DAYS, CAL, day_mode="end_of_day")
    # Decree 61: restart from Wed 12/3 08:00: 13, 14, 17, 18, 19.
    # Decision 766: Thu 13/3 09:30 + 1.5 h.
    assert readings == {"decree61": vn(2025, 3, 19, 17, 0), "decision766": vn(2025, 3, 13, 11, 0)}


@pytest.mark.parametrize(
    "pauses",
    [
        [(vn(2025, 3, 6, 9), vn(2025, 3, 5, 9))],  # resumed before paused
        [PAUSE_2, PAUSE_1],  # out of order
        [PAUSE_1, (vn(2025, 3, 7, 13, 0), vn(2025, 3, 10, 9, 0))],  # overlapping
    ],
)
def test_invalid_pauses(pauses: list[tuple[datetime, datetime]]) -> None:
    with pytest.raises(ValidationError) as exc:
        readings_from_timestamps(RECEIVED, pauses, FIVE_DAYS, CAL)
    assert exc.value.code == "invalid_pauses"


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (vn(2025, 3, 10, 16, 59, 59), "early"),
        (vn(2025, 3, 10, 17, 0, 0), "on_time"),
        (vn(2025, 3, 10, 17, 0, 59), "on_time"),
        (vn(2025, 3, 10, 17, 1, 0), "late"),
        (vn(2025, 3, 9, 20, 0), "early"),
        (vn(2025, 3, 11, 8, 0), "late"),
        (datetime(2025, 3, 10, 10, 0, 30, tzinfo=UTC), "on_time"),  # 17:00:30 in Vietnam
        (datetime(2025, 3, 10, 9, 59, tzinfo=UTC), "early"),
    ],
)
def test_classify(finished: datetime, expected: str) -> None:
    assert classify(finished, vn(2025, 3, 10, 17, 0)) == expected


@pytest.mark.parametrize(
    ("now", "due", "minimum", "expected"),
    [
        (vn(2025, 3, 10, 16, 0), vn(2025, 3, 11, 17, 0), 1, True),
        (vn(2025, 3, 11, 8, 0), vn(2025, 3, 11, 17, 0), 1, False),  # the due day itself
        (vn(2025, 3, 10, 16, 0), vn(2025, 3, 11, 17, 0), 2, False),
        (vn(2025, 3, 7, 16, 0), vn(2025, 3, 11, 17, 0), 2, True),  # Mon 10 and Tue 11
        (vn(2025, 4, 29, 10, 0), vn(2025, 5, 5, 17, 0), 1, True),  # 30/4-4/5 are not working days
        (vn(2025, 4, 29, 10, 0), vn(2025, 5, 5, 17, 0), 2, False),
        (vn(2025, 3, 11, 10, 0), vn(2025, 3, 11, 17, 0), 0, True),
        (vn(2025, 3, 11, 17, 30), vn(2025, 3, 11, 17, 0), 0, False),  # already late
    ],
)
def test_can_extend(now: datetime, due: datetime, minimum: int, expected: bool) -> None:
    assert can_extend(now, due, CAL, minimum) is expected


def test_can_extend_defaults_to_the_setting(settings) -> None:
    settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE = 2
    assert can_extend(vn(2025, 3, 10, 16, 0), vn(2025, 3, 11, 17, 0), CAL) is False
    settings.MOTCUA_EXTENSION_MIN_WORKING_DAYS_BEFORE = 1
    assert can_extend(vn(2025, 3, 10, 16, 0), vn(2025, 3, 11, 17, 0), CAL) is True
