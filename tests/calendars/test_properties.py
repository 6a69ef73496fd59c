"""Properties of the working-time arithmetic, checked on random instants and calendars.

The calendars are the computed one plus random overrides (days off and worked weekend days),
over 2024-2027, with either the default or a receiving point's hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendars.deadlines import ProcessingTime, compute_due
from motcua.calendars.workcal import DEFAULT_HOURS, WorkingCalendar, WorkingHours
from motcua.core.clock import VN_TZ

FAST = settings(max_examples=200, deadline=None)

instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 30), timezones=st.just(VN_TZ))
calendars = st.builds(
    WorkingCalendar,
    hours=st.sampled_from([DEFAULT_HOURS, WorkingHours(morning_start=time(7, 0), afternoon_start=time(13, 0))]),
    overrides=st.dictionaries(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
        st.tuples(st.booleans(), st.just("Điều chỉnh")),
        max_size=15,
    ),
)
quarters = st.integers(min_value=0, max_value=160).map(lambda k: Decimal(k) / 4)
processing_times = st.one_of(
    st.builds(
        ProcessingTime,
        unit=st.just("working_days"),
        amount=quarters,
        same_day_cutoff=st.one_of(st.none(), st.just(time(15, 0)), st.times()),
    ),
    st.builds(ProcessingTime, unit=st.just("working_hours"), amount=quarters),
    st.builds(ProcessingTime, unit=st.just("calendar_days"), amount=st.integers(0, 60).map(Decimal)),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))
whole_days = st.integers(min_value=0, max_value=30)


@FAST
@given(start=instants, pt=processing_times, cal=calendars, mode=st.sampled_from(["end_of_day", "elapsed"]))
def test_due_time_is_working_time_of_a_working_day(
    start: datetime, pt: ProcessingTime, cal: WorkingCalendar, mode: str
) -> None:
    due = compute_due(start, pt, cal, day_mode=mode)
    assert due.tzinfo is VN_TZ
    assert cal.is_working_day(due.date())
    assert cal.is_working_time(due)
    assert due >= start


@FAST
@given(start=instants, n=whole_days, m=whole_days, cal=calendars)
def test_end_of_day_periods_chain_for_whole_days(start: datetime, n: int, m: int, cal: WorkingCalendar) -> None:
    """n whole days then m whole days = n + m whole days (no cut-off: a due time at closing
    would otherwise be after it). Fractional days do not chain: 0.5 + 0.5 != 1."""

    def due(t: datetime, k: int) -> datetime:
        return compute_due(t, ProcessingTime("working_days", Decimal(k)), cal, day_mode="end_of_day")

    assert due(due(start, n), m) == due(start, n + m)


@FAST
@given(start=instants, a=quarters, b=quarters, cal=calendars)
def test_elapsed_periods_chain(start: datetime, a: Decimal, b: Decimal, cal: WorkingCalendar) -> None:
    def due(t: datetime, k: Decimal) -> datetime:
        return compute_due(t, ProcessingTime("working_days", k), cal, day_mode="elapsed")

    assert due(due(start, a), b) == due(start, a + b)


@FAST
@given(start=instants, a=durations, b=durations, cal=calendars)
def test_adding_working_time_is_additive(start: datetime, a: timedelta, b: timedelta, cal: WorkingCalendar) -> None:
    """Holds from any instant, not only from working time (counting starts at the next opening)."""
    assert cal.add_working_time(cal.add_working_time(start, a), b) == cal.add_working_time(start, a + b)


@FAST
@given(start=instants, delta=durations, cal=calendars)
def test_working_time_between_inverts_adding(start: datetime, delta: timedelta, cal: WorkingCalendar) -> None:
    end = cal.add_working_time(start, delta)
    assert cal.is_working_time(end)
    assert cal.working_time_between(start, end) == delta
    assert cal.working_time_between(end, start) == -delta


@FAST
@given(start=instants, cal=calendars)
def test_next_opening_is_the_first_working_instant(start: datetime, cal: WorkingCalendar) -> None:
    opening = cal.next_opening(start)
    assert opening >= start
    assert cal.is_working_time(opening)
    assert cal.working_time_between(start, opening) == timedelta(0)
    assert (opening == start.astimezone(VN_TZ)) == cal.is_working_time(start)
