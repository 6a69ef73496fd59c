"""The national public service portal (Cổng Dịch vụ công quốc gia) as an ``exchange`` plugin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua import config
from motcua.core import plugins
from motcua.national_portal import conf
from motcua.national_portal.dvcqg.client import DVCQGClient

PEER = plugins.Peer(
    name="dvcqg",
    command="dvcqg_sim",
    help="the national public service portal (dossiers pushed and pulled, status sync, catalogue, payments)",
    demo=True,
    demo_args=("--push-url", "{local}/dvcqg/ho-so"),
    demo_env=(("MOTCUA_DVCQG_URL", "{url}"), ("MOTCUA_DVCQG_ENABLED", "1")),
)


def check() -> plugins.Health:
    """Configured (URL, token, shared secret, a readable status map), and the portal answers at its address."""
    if not conf.enabled():
        return plugins.Health(True, "off (MOTCUA_DVCQG_ENABLED=0)")
    missing = plugins.configured(
        {"MOTCUA_DVCQG_URL": conf.url(), "MOTCUA_DVCQG_TOKEN": conf.token(), "MOTCUA_DVCQG_SECRET": conf.secret()}
    )
    if missing is not None:
        return missing
    try:
        conf.status_map_override()
    except ValueError as exc:
        return plugins.Health(False, f"MOTCUA_DVCQG_STATUS_MAP: {exc}")
    health = plugins.reachable(conf.url(), timeout=conf.timeout())
    if health.ok and conf.secret() == config.variable("MOTCUA_DVCQG_SECRET").default:
        return plugins.Health(True, f"{health.detail}; demo secret (set MOTCUA_DVCQG_SECRET)")
    return health


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.EXCHANGE,
        name="dvcqg",
        title=_("Cổng Dịch vụ công quốc gia"),
        settings=(
            "MOTCUA_DVCQG_ENABLED",
            "MOTCUA_DVCQG_URL",
            "MOTCUA_DVCQG_TOKEN",
            "MOTCUA_DVCQG_SECRET",
            "MOTCUA_DVCQG_TIMEOUT",
            "MOTCUA_DVCQG_STATUS_MAP",
            "MOTCUA_DVCQG_SYNC_ALL",
            "MOTCUA_DVCQG_PULL",
        ),
        check=check,
        peer=PEER,
        client=DVCQGClient(),
    )
)


def client() -> DVCQGClient:
    found = plugins.get(plugins.Kind.EXCHANGE, "dvcqg").client
    assert isinstance(found, DVCQGClient)
    return found
