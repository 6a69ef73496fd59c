"""The data-sharing gateway (LGSP / NDXP) as an ``exchange`` plugin, with its local peer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.exchange import conf

LGSP = plugins.Peer(
    name="lgsp",
    command="lgsp_sim",
    help="the data-sharing gateway (LGSP) with the population, business and land registers",
    demo=True,
    demo_env=(("MOTCUA_LGSP_URL", "{url}"),),
)


def check() -> plugins.Health:
    missing = plugins.configured(
        {
            "MOTCUA_LGSP_URL": conf.gateway_url(),
            "MOTCUA_LGSP_CLIENT_ID": conf.client_id(),
            "MOTCUA_LGSP_TOKEN": conf.token(),
        }
    )
    return missing or plugins.reachable(conf.gateway_url(), timeout=conf.timeout())


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.EXCHANGE,
        name="lgsp",
        title=_("Trục liên thông dữ liệu (LGSP/NDXP)"),
        settings=(
            "MOTCUA_LGSP_URL",
            "MOTCUA_LGSP_CLIENT_ID",
            "MOTCUA_LGSP_TOKEN",
            "MOTCUA_LGSP_TIMEOUT",
            "MOTCUA_LGSP_BREAKER_FAILURES",
            "MOTCUA_LGSP_BREAKER_RESET_SECONDS",
            "MOTCUA_LGSP_LOG_KEY",
        ),
        check=check,
        peer=LGSP,
    )
)
