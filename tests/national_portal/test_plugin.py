"""The national portal plugin: registered as an exchange with its peer, its health check, its demo values."""

from __future__ import annotations

import pytest
from django.test import override_settings

from motcua.core import plugins
from motcua.core.checks import check_demo_values
from motcua.national_portal.dvcqg import mapping

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_plugin_is_an_exchange_with_its_demo_peer():
    p = plugins.get(plugins.Kind.EXCHANGE, "dvcqg")
    assert p.peer is not None
    assert (p.peer.name, p.peer.command, p.peer.demo) == ("dvcqg", "dvcqg_sim", True)
    assert p.peer.demo_env == (("MOTCUA_DVCQG_URL", "{url}"), ("MOTCUA_DVCQG_ENABLED", "1"))
    assert "MOTCUA_DVCQG_STATUS_MAP" in p.settings


def test_the_health_check_finds_the_peer_and_says_what_is_wrong(portal, settings):
    p = plugins.get(plugins.Kind.EXCHANGE, "dvcqg")
    health = p.health()
    assert health.ok and "demo secret (set MOTCUA_DVCQG_SECRET)" in health.detail
    settings.MOTCUA_DVCQG_STATUS_MAP = "[1, 2]"
    assert p.health() == plugins.Health(False, "MOTCUA_DVCQG_STATUS_MAP: MOTCUA_DVCQG_STATUS_MAP must be a JSON object")
    settings.MOTCUA_DVCQG_STATUS_MAP = ""
    settings.MOTCUA_DVCQG_TOKEN = ""
    assert p.health() == plugins.Health(False, "not configured: MOTCUA_DVCQG_TOKEN")
    settings.MOTCUA_DVCQG_ENABLED = False
    assert p.health() == plugins.Health(True, "off (MOTCUA_DVCQG_ENABLED=0)")


def test_production_refuses_the_demo_values_of_the_portal():
    with override_settings(DEBUG=False, MOTCUA_DEMO=False):
        names = [e.msg.split()[0] for e in check_demo_values()]
    assert {"MOTCUA_DVCQG_URL", "MOTCUA_DVCQG_TOKEN", "MOTCUA_DVCQG_SECRET"} <= set(names)


def test_the_status_map_setting_overrides_the_built_in_codes(settings):
    assert mapping.national_status("processing") == "4"
    settings.MOTCUA_DVCQG_STATUS_MAP = '{"processing": "04", "approved": "4a"}'
    assert (mapping.national_status("processing"), mapping.national_status("approved")) == ("04", "4a")
    assert mapping.national_status("received") == "2"


def test_dates_go_out_and_come_in_as_yyyymmddhhmmss():
    moment = mapping.date_in("20261204083015")
    assert moment is not None and mapping.date_out(moment) == "20261204083015"
    assert mapping.date_in("2026-12-04") is None and mapping.date_out(None) == ""
