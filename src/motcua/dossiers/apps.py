from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.dossiers import notifications, stray_files  # noqa: F401  (register the outbox handler, tick)
