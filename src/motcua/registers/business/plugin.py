"""The business register as a ``lookup`` plugin: its gateway service id, its health, the lgsp peer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core import plugins
from motcua.exchange.plugin import LGSP
from motcua.registers.business.client import CLIENT
from motcua.registers.health import check_register

PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.LOOKUP,
        name="business",
        title=_("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp"),
        settings=("MOTCUA_REGISTER_BUSINESS_SERVICE", "MOTCUA_LGSP_URL", "MOTCUA_LGSP_CLIENT_ID", "MOTCUA_LGSP_TOKEN"),
        check=lambda: check_register("business"),
        peer=LGSP,
        client=CLIENT,
    )
)
