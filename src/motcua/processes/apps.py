from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "motcua.processes"
    label = "processes"
    verbose_name = _("Quy trình nội bộ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.processes import escalation  # noqa: F401  (registers the deadline tick)
