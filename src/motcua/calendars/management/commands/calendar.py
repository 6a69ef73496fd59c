"""``motcua calendar``: compute a due time, list a year's days off and swapped working days."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.calendars.deadlines import DAY_MODES, UNITS, ProcessingTime, compute_due
from motcua.calendars.workcal import WorkingCalendar, weekday_name
from motcua.core.clock import VN_TZ
from motcua.core.errors import ValidationError

MIN_YEAR, MAX_YEAR = 1975, 2200


def _unit_label(unit: str) -> str:
    labels = {"working_days": _("ngày làm việc"), "working_hours": _("giờ làm việc"), "calendar_days": _("ngày")}
    return labels.get(unit, unit)


class Command(BaseCommand):
    help = gettext_lazy("Lịch làm việc: tính thời hạn giải quyết, liệt kê ngày nghỉ và ngày làm bù của một năm.")  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{due,holidays}")
        due = actions.add_parser("due", help=_("Tính thời hạn giải quyết (ISO 8601, giờ Việt Nam)."))
        due.add_argument("start", help=_("Thời điểm tiếp nhận, ISO 8601; không có múi giờ = giờ Việt Nam."))
        due.add_argument("amount", help=_("Thời hạn, có thể là số thập phân (ví dụ 0.5)."))
        due.add_argument("--unit", default="working_days", help="|".join(UNITS))
        due.add_argument("--cutoff", default=None, help=_("Giờ chốt trong ngày, HH:MM (ví dụ 15:00)."))
        due.add_argument("--mode", default=None, help="|".join(DAY_MODES))
        holidays = actions.add_parser("holidays", help=_("Liệt kê các ngày khác với tuần làm việc thứ Hai–thứ Sáu."))
        holidays.add_argument("year", help=_("Năm, ví dụ 2025."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "due":
            self._due(options)
        else:
            self._holidays(options["year"])

    def _due(self, options: dict[str, Any]) -> None:
        start = _parse_start(options["start"])
        amount = _parse_amount(options["amount"])
        cutoff = _parse_cutoff(options["cutoff"]) if options["cutoff"] else None
        if options["unit"] not in UNITS:
            raise CommandError(
                _("Đơn vị không hợp lệ: %(unit)s (chọn một trong %(allowed)s).")
                % {"unit": options["unit"], "allowed": ", ".join(UNITS)}
            )
        if options["mode"] is not None and options["mode"] not in DAY_MODES:
            raise CommandError(
                _("Cách tính không hợp lệ: %(mode)s (chọn một trong %(allowed)s).")
                % {"mode": options["mode"], "allowed": ", ".join(DAY_MODES)}
            )
        try:
            pt = ProcessingTime(unit=options["unit"], amount=amount, same_day_cutoff=cutoff)
            due = compute_due(start, pt, _load_calendar(self.stderr), day_mode=options["mode"])
        except ValidationError as exc:
            raise CommandError(str(exc.message)) from None
        local_start = start.astimezone(VN_TZ)
        self.stdout.write(
            f"{due.isoformat(timespec='seconds')} {weekday_name(due.date())} {due:%d/%m/%Y %H:%M}"
            + " "
            + _("(tiếp nhận %(start)s, %(amount)s %(unit)s)")
            % {"start": f"{local_start:%d/%m/%Y %H:%M}", "amount": amount, "unit": _unit_label(pt.unit)}
        )

    def _holidays(self, raw_year: str) -> None:
        try:
            year = int(raw_year)
        except ValueError:
            raise CommandError(_("Năm không hợp lệ: %(year)s.") % {"year": raw_year}) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(_("Năm phải trong khoảng %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
        for day, kind, name in _load_calendar(self.stderr).deviations(year):
            self.stdout.write(f"{day.isoformat()} {kind} {name}")


def _load_calendar(stderr: OutputWrapper) -> WorkingCalendar:
    """Return the calendar with the database's overrides; the built-in one when there is no table yet.

    A fresh data directory has no tables until ``motcua migrate`` (or ``motcua up``): the command
    still answers, from the official calendar alone (holidays.VN, the Government's swapped days),
    and says so on stderr so that a script reading stdout gets the same format.
    """
    try:
        return WorkingCalendar.load()
    except DatabaseError:
        stderr.write(
            _(
                "Chưa có bảng điều chỉnh lịch làm việc trong cơ sở dữ liệu (chưa chạy `motcua migrate`): "
                "dùng lịch chính thức có sẵn, không có ngày điều chỉnh của địa phương."
            )
        )
        return WorkingCalendar()


def _parse_start(raw: str) -> datetime:
    try:
        start = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            _("Thời điểm không hợp lệ: %(value)s (cần ISO 8601, ví dụ 2025-04-25T10:00).") % {"value": raw}
        ) from None
    return start.replace(tzinfo=VN_TZ) if start.tzinfo is None else start


def _parse_amount(raw: str) -> Decimal:
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise CommandError(_("Thời hạn không hợp lệ: %(value)s (ví dụ 3 hoặc 0.5).") % {"value": raw}) from None
    if not amount.is_finite() or amount < 0:
        raise CommandError(_("Thời hạn phải là một số không âm: %(value)s.") % {"value": raw})
    return amount


def _parse_cutoff(raw: str) -> time:
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise CommandError(_("Giờ chốt không hợp lệ: %(value)s (cần HH:MM).") % {"value": raw}) from None
