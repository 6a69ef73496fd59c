from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "motcua.signing"
    label = "signing"
    verbose_name = _("Chữ ký số")

    def ready(self) -> None:
        # Imported in ready(): the import registers the plugin.
        from motcua.signing.signers.csc import plugin as _csc  # noqa: F401  (registers the plugin)
        from motcua.signing.signers.pkcs11 import plugin as _pkcs11  # noqa: F401  (registers the plugin)
        from motcua.signing.signers.pkcs12 import plugin as _pkcs12  # noqa: F401  (registers the plugin)
