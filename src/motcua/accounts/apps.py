from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers the plugin.
        from motcua.accounts.providers.vneid import plugin as _vneid  # noqa: F401  (registers the plugin)
