"""The land register as a ``lookup`` plugin: its gateway service id, its health, the lgsp peer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.exchange.plugin import LGSP
from motcua.registers.health import check_register
from motcua.registers.land.client import CLIENT

PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.LOOKUP,
        name="land",
        title=_("Cơ sở dữ liệu đất đai"),
        settings=("MOTCUA_REGISTER_LAND_SERVICE", "MOTCUA_LGSP_URL", "MOTCUA_LGSP_CLIENT_ID", "MOTCUA_LGSP_TOKEN"),
        check=lambda: check_register("land"),
        peer=LGSP,
        client=CLIENT,
    )
)
