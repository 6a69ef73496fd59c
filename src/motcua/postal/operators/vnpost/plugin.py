"""VNPost (bưu chính công ích) as a ``postal_operator`` plugin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua import config
from motcua.core import plugins
from motcua.postal import conf
from motcua.postal.operators.vnpost.client import VNPostClient

PEER = plugins.Peer(
    name="post",
    command="post_sim",
    help="the postal operator peer (VNPost-style order API and status webhook)",
    demo=True,
    demo_args=("--webhook-url", "{local}/buu-chinh/webhook/vnpost"),
    demo_env=(("MOTCUA_POST_URL", "{url}"),),
)


def check() -> plugins.Health:
    """Configured (URL, customer code, token, webhook secret), and the operator answers at its address."""
    missing = plugins.configured(
        {
            "MOTCUA_POST_URL": conf.url(),
            "MOTCUA_POST_CUSTOMER_CODE": conf.customer_code(),
            "MOTCUA_POST_TOKEN": conf.token(),
            "MOTCUA_POST_WEBHOOK_SECRET": conf.webhook_secret(),
        }
    )
    if missing is not None:
        return missing
    health = plugins.reachable(conf.url(), timeout=conf.timeout())
    if health.ok and conf.webhook_secret() == config.variable("MOTCUA_POST_WEBHOOK_SECRET").default:
        return plugins.Health(True, f"{health.detail}; demo secret (set MOTCUA_POST_WEBHOOK_SECRET)")
    return health


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.POSTAL_OPERATOR,
        name="vnpost",
        title=_("Bưu chính Việt Nam (VNPost)"),
        settings=(
            "MOTCUA_POST_URL",
            "MOTCUA_POST_CUSTOMER_CODE",
            "MOTCUA_POST_TOKEN",
            "MOTCUA_POST_WEBHOOK_SECRET",
            "MOTCUA_POST_TIMEOUT",
            "MOTCUA_POST_FEE_SAME_PROVINCE",
            "MOTCUA_POST_FEE_OTHER_PROVINCE",
        ),
        check=check,
        peer=PEER,
        client=VNPostClient(),
    )
)
