from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "motcua.registers"
    label = "registers"
    verbose_name = _("Tra cứu cơ sở dữ liệu quốc gia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the imports register the plugins.
        from motcua.registers.business import plugin as _business  # noqa: F401  (registers the plugin)
        from motcua.registers.land import plugin as _land  # noqa: F401  (registers the plugin)
        from motcua.registers.population import plugin as _population  # noqa: F401  (registers the plugin)
