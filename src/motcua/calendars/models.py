"""The editable table of official days off and swapped working days, layered over holidays.VN."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import show_date


class CalendarOverride(models.Model):
    """One date whose status is fixed by an official announcement; it wins over the computed day.

    Each year the government announces the schedule for state bodies (days off, compensating days
    and the weekend days swapped into working days); this row records such a decision.
    """

    class Kind(models.TextChoices):
        OFF = "off", _("Ngày nghỉ")
        WORK = "work", _("Ngày làm việc")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200, help_text=_("Ví dụ: Nghỉ bù Quốc khánh"))
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Ví dụ: số văn bản công bố lịch nghỉ"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")

    def __str__(self) -> str:
        return f"{show_date(self.date)} {self.get_kind_display()} {self.name}"

    @property
    def is_working_day(self) -> bool:
        """Return True when this row makes its date a working day."""
        return self.kind == self.Kind.WORK
