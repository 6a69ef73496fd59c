from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.payments import receipt_signing, ticks  # noqa: F401  (registers the outbox handler, the ticks)
        from motcua.payments.gateways.national import plugin as _national  # noqa: F401  (registers the plugin)
        from motcua.payments.gateways.vnpay_style import plugin as _vnpay  # noqa: F401  (registers the plugin)
