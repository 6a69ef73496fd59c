"""Per-process caches: loaded once, dropped on change in this process, in others, and after max_age."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.core import caching


def counting_cache(name: str, **kwargs: Any) -> tuple[caching.ProcessCache[int], list[Any]]:
    loads: list[Any] = []

    def load(key: Any) -> int:
        loads.append(key)
        return len(loads)

    return caching.ProcessCache(name, load, **kwargs), loads


def test_values_are_loaded_once_per_key(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path
    cache, loads = counting_cache("t-once")
    assert (cache.get("a"), cache.get("a"), cache.get("b"), cache.get("a")) == (1, 1, 2, 1)
    assert loads == ["a", "b"]


@pytest.mark.django_db
def test_a_change_in_one_process_drops_the_copies_of_another(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path
    here, _ = counting_cache("t-shared")
    there, there_loads = counting_cache("t-shared")  # the same cache as another process holds it
    assert there.get("k") == 1
    here.invalidate()
    assert there.get("k") == 2 and there_loads == ["k", "k"]
    assert there.get("k") == 2
    here.invalidate()
    here.invalidate()
    assert there.get("k") == 3


def test_copies_expire_after_max_age(settings: Any, tmp_path: Any, monkeypatch: Any) -> None:
    settings.DATA_DIR = tmp_path
    cache, _loads = counting_cache("t-age", max_age=60)
    clock = [1000.0]
    monkeypatch.setattr(f"{caching.__name__}.time.monotonic", lambda: clock[0])
    assert cache.get("k") == 1
    clock[0] += 59
    assert cache.get("k") == 1
    clock[0] += 2
    assert cache.get("k") == 2


@pytest.mark.django_db
def test_saving_a_watched_model_is_seen_by_the_next_read(settings: Any, tmp_path: Any) -> None:
    from datetime import date

    from motcua.calendars.models import CalendarOverride
    from motcua.calendars.workcal import WorkingCalendar

    assert date(2030, 3, 6) not in WorkingCalendar.load().overrides
    row = CalendarOverride.objects.create(date=date(2030, 3, 6), kind="off", name="Nghỉ đột xuất")
    assert WorkingCalendar.load().overrides[date(2030, 3, 6)] == (False, "Nghỉ đột xuất")
    row.name = "Nghỉ do bão"
    row.save()
    assert WorkingCalendar.load().overrides[date(2030, 3, 6)] == (False, "Nghỉ do bão")
    row.delete()
    assert date(2030, 3, 6) not in WorkingCalendar.load().overrides
