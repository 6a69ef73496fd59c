"""Vietnam's computed official calendar, from ``holidays.VN``, cached per year.

``holidays.VN`` applies the Labour Code 2019 art. 112 (public holidays), art. 111.3 (a holiday on a
weekend is compensated on the next working day), the Vietnamese (UTC+7) lunar calendar for Tết and
Hùng Kings' day, the yearly swaps announced by the government (including the Saturdays made working
days) and, from 2026, Vietnam Culture Day (24 Nov, Resolution 28/2026/QH16). Building it is slow,
so each year is built once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class OfficialYear:
    """The days off (with their Vietnamese names) and swapped weekend working days of one year."""

    days_off: dict[date, str]
    weekend_workdays: frozenset[date]


@lru_cache(maxsize=256)
def official_year(year: int) -> OfficialYear:
    """Return the computed official calendar of ``year`` (built once, then cached)."""
    vn = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {d: name for d, name in vn.items() if d.year == year}
    workdays = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return OfficialYear(days_off=days_off, weekend_workdays=workdays)


def official_day_off_name(d: date) -> str | None:
    """Return the Vietnamese name of an official day off on ``d``, or None."""
    return official_year(d.year).days_off.get(d)


def is_official_weekend_workday(d: date) -> bool:
    """Return True when ``d`` is a weekend day the government made a working day."""
    return d in official_year(d.year).weekend_workdays


def weekend_workday_name(d: date) -> str:
    """Return a Vietnamese name for a swapped working day, naming the day off it pays for.

    holidays.VN names the day off "... (thay cho ngày DD/MM/YYYY)", where the date is the working
    Saturday; find it (the pair may cross a year boundary).
    """
    marker = d.strftime("%d/%m/%Y")
    for year in (d.year, d.year - 1, d.year + 1):
        for off_day, name in sorted(official_year(year).days_off.items()):
            if marker in name:
                return _("Làm việc bù cho ngày nghỉ %(date)s") % {"date": off_day.strftime("%d/%m/%Y")}
    return _("Ngày làm việc bù")
