from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostalConfig(AppConfig):
    name = "motcua.postal"
    label = "postal"
    verbose_name = _("Bưu chính công ích")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.postal import handlers  # noqa: F401  (registers the outbox handler)
        from motcua.postal.operators.vnpost import plugin as _vnpost  # noqa: F401  (registers the plugin)
