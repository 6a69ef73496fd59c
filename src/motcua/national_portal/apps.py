from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "motcua.national_portal"
    label = "national_portal"
    verbose_name = _("Cổng Dịch vụ công quốc gia")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.national_portal import handlers  # noqa: F401  (the dossier.event hook, the outbox handler, the tick)
        from motcua.national_portal.dvcqg import plugin as _dvcqg  # noqa: F401  (registers the plugin)
