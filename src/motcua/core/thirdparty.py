"""Vietnamese names for the third-party apps the admin shows (django-axes, django-tasks-db).

``INSTALLED_APPS`` names these configs instead of the packages' own, so the admin index reads
"Khóa đăng nhập" and "Tác vụ nền" instead of "Axes" and "Tasks Database Backend". Their model
and field labels are translated in ``locale/vi`` (the packages ship no Vietnamese catalogue);
``core/admin.py`` relabels the few admin columns they leave untranslated.
"""

from __future__ import annotations

from typing import Any

from axes.apps import AppConfig as AxesAppConfig
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def _at(moment: Any) -> str:
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT") if moment else "—"


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # django-axes is untyped
    verbose_name = _("Khóa đăng nhập")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The package's __str__ are English f-strings; the admin shows them as page titles.
        AccessAttempt.__str__ = lambda self: (
            gettext("Lần đăng nhập sai của %(user)s, %(at)s") % {"user": self.username, "at": _at(self.attempt_time)}
        )
        AccessLog.__str__ = lambda self: (
            gettext("Lần đăng nhập của %(user)s, %(at)s") % {"user": self.username, "at": _at(self.attempt_time)}
        )
        AccessFailureLog.__str__ = lambda self: (
            gettext("Đăng nhập sai: %(user)s, %(at)s, từ %(ip)s")
            % {"user": self.username, "at": _at(self.attempt_time), "ip": self.ip_address}
        )


class TasksDBConfig(TasksAppConfig):
    verbose_name = _("Tác vụ nền")  # type: ignore[assignment]  # a lazy string, as Django's own apps use
