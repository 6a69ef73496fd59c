from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from motcua.core import checks, datadir  # noqa: F401  (register the checks)

        # At start-up, not when the settings are imported: the data directory, and the secret key
        # of an install that sets no MOTCUA_SECRET_KEY.
        datadir.prepare()
