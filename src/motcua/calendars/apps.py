from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "motcua.calendars"
    label = "calendars"
    verbose_name = _("Lịch làm việc")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.calendars.models import CalendarOverride
        from motcua.calendars.overrides import OVERRIDES
        from motcua.core.caching import watch

        watch(OVERRIDES, CalendarOverride)
