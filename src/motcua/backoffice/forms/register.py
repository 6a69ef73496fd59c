"""The period and body of Mẫu 06 (Sổ theo dõi hồ sơ); dates are typed dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core import clock
from motcua.core.dates import DateField
from motcua.organisation.models import Agency

MAX_DAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2100


def this_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _date_field(label: Any) -> forms.DateField:
    """A date typed dd/mm/yyyy; ISO as a link sends it (core.dates)."""
    return DateField(
        label=label,
        help_text=_("Dạng ngày/tháng/năm, ví dụ 01/11/2026."),
        error_messages={"required": _("Vui lòng nhập ngày.")},
    )


class RegisterForm(forms.Form):
    """Which body's register, and for which days (both included)."""

    agency = forms.ChoiceField(
        label=_("Cơ quan"),
        error_messages={
            "invalid_choice": _("Chọn một cơ quan trong danh sách."),
            "required": _("Chọn một cơ quan trong danh sách."),
        },
    )
    date_from = _date_field(_("Từ ngày"))
    date_to = _date_field(_("Đến ngày"))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        first, last = this_month(clock.local_now().date())
        kwargs.setdefault(
            "initial", {"date_from": first, "date_to": last, "agency": agencies[0].code if agencies else ""}
        )
        super().__init__(*args, **kwargs)
        self.agencies = {a.code: a for a in agencies}
        field: Any = self.fields["agency"]
        field.choices = [(a.code, a.name) for a in agencies]

    def _in_range(self, name: str) -> date:
        value: date = self.cleaned_data[name]
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Năm phải trong khoảng %(first)s–%(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def clean_date_from(self) -> date:
        return self._in_range("date_from")

    def clean_date_to(self) -> date:
        return self._in_range("date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("date_to", _("Mỗi lần xem tối đa %(days)s ngày.") % {"days": MAX_DAYS})
        return data

    def chosen_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["agency"]]
