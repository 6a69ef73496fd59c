from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "motcua.exchange"
    label = "exchange"
    verbose_name = _("Trao đổi dữ liệu qua trục LGSP")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers the plugin.
        from motcua.exchange import plugin as _plugin  # noqa: F401  (registers the plugin)
