"""Gateway A, the national payment platform style, as a ``payment_gateway`` plugin."""

from __future__ import annotations

from motcua import config
from motcua.core import plugins
from motcua.payments import conf
from motcua.payments.gateways import PAYGATE
from motcua.payments.gateways.national.client import NationalClient
from motcua.payments.models import Payment


def check() -> plugins.Health:
    """Configured (URL, merchant code, secret), and the platform answers at its address."""
    missing = plugins.configured(
        {
            "MOTCUA_PAYGATE_A_URL": conf.gateway_a_url(),
            "MOTCUA_PAYGATE_A_MERCHANT": conf.gateway_a_merchant(),
            "MOTCUA_PAYGATE_A_SECRET": conf.gateway_a_secret(),
        }
    )
    if missing is not None:
        return missing
    health = plugins.reachable(conf.gateway_a_url(), timeout=conf.gateway_timeout())
    if health.ok and conf.gateway_a_secret() == config.variable("MOTCUA_PAYGATE_A_SECRET").default:
        return plugins.Health(True, f"{health.detail}; demo secret (set MOTCUA_PAYGATE_A_SECRET)")
    return health


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.PAYMENT_GATEWAY,
        name=Payment.Channel.GATEWAY_A.value,
        title=Payment.Channel.GATEWAY_A.label,
        settings=(
            "MOTCUA_PAYGATE_A_URL",
            "MOTCUA_PAYGATE_A_MERCHANT",
            "MOTCUA_PAYGATE_A_SECRET",
            "MOTCUA_PAYGATE_TIMEOUT",
            "MOTCUA_PAYGATE_EXPIRY_MINUTES",
            "MOTCUA_PAYGATE_CALLBACK_BASE",
        ),
        check=check,
        peer=PAYGATE,
        client=NationalClient(),
    )
)
