"""The gateway client against the real peer: headers, the signed log, the breaker, timeouts, garbage."""

from __future__ import annotations

import urllib.parse
import uuid
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from motcua.core.checks import check_demo_values
from motcua.exchange import gateway, log
from motcua.exchange.models import Breaker, MessageLog
from motcua.exchange.simulator import POPULATION

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_call_carries_the_x_road_headers_and_is_logged(lgsp: Any) -> None:
    answer = gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="canbo1", purpose="HS-1")
    assert answer.data["record"]["name"] == "Nguyễn Văn An"
    headers = lgsp.log()[-1]["headers"]
    assert headers["client"] == "VN/GOV/000.00.00.H26/MOTCUA"
    assert headers["service"] == POPULATION
    assert str(uuid.UUID(headers["message_id"])) == answer.message_id
    assert headers["user_id"] == "canbo1"
    row = MessageLog.objects.get()
    assert (row.message_id, row.service, row.user_id, row.outcome, row.status) == (
        answer.message_id,
        POPULATION,
        "canbo1",
        "ok",
        200,
    )
    assert row.response_hash == answer.response_hash and len(row.request_hash) == 64


def test_a_vietnamese_purpose_goes_percent_encoded_and_reads_back(lgsp: Any) -> None:
    purpose = "Tra cứu để giải quyết hồ sơ H26.101-261204-0001"
    gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="tiếp.nhận", purpose=purpose)
    headers = lgsp.log()[-1]["headers"]
    assert headers["purpose"].isascii() and urllib.parse.unquote(headers["purpose"]) == purpose
    assert urllib.parse.unquote(headers["user_id"]) == "tiếp.nhận"
    assert MessageLog.objects.get().purpose == purpose


def test_a_failed_call_names_its_logged_message(lgsp: Any) -> None:
    lgsp.mode("down")
    with pytest.raises(gateway.GatewayError) as exc:
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="canbo1")
    assert exc.value.message_id == MessageLog.objects.get().message_id


def test_the_verify_command_finds_a_row_edited_in_the_database(lgsp: Any, capsys: Any) -> None:
    for _ in range(3):
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="canbo1")
    call_command("exchange-verify-log")
    assert "3 rows" in capsys.readouterr().out
    second = MessageLog.objects.order_by("id")[1]
    MessageLog.objects.filter(pk=second.pk).update(user_id="someone-else")  # a direct DB edit
    with pytest.raises(CommandError, match=f"row {second.pk} .*signature"):
        call_command("exchange-verify-log")
    assert log.first_broken() is not None


def test_a_deleted_row_breaks_the_chain(lgsp: Any) -> None:
    for _ in range(3):
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="canbo1")
    rows = list(MessageLog.objects.order_by("id"))
    rows[1].delete()
    broken = log.first_broken()
    assert broken is not None and broken[0].pk == rows[2].pk and broken[1] == "chain"


def test_the_breaker_opens_after_failures_and_closes_after_the_delay(lgsp: Any, settings: Any) -> None:
    settings.MOTCUA_LGSP_BREAKER_FAILURES = 2
    settings.MOTCUA_LGSP_BREAKER_RESET_SECONDS = 0.5
    lgsp.mode("down")
    for _ in range(2):
        with pytest.raises(gateway.GatewayError) as exc:
            gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u")
        assert exc.value.status == 503
    calls = len(lgsp.log())
    lgsp.mode("ok")
    with pytest.raises(gateway.GatewayError) as exc:
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u")
    assert exc.value.code == "open" and "tạm ngừng" in exc.value.message
    assert len(lgsp.log()) == calls  # an open breaker does not call
    Breaker.objects.filter(service=POPULATION).update(opened_at=Breaker.objects.get().opened_at.replace(year=2000))
    assert gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u").status == 200  # half-open probe
    assert Breaker.objects.get(service=POPULATION).failures == 0


def test_a_slow_gateway_times_out(lgsp: Any, settings: Any) -> None:
    settings.MOTCUA_LGSP_TIMEOUT = 0.5
    lgsp.mode("slow", slow_seconds=2)
    with pytest.raises(gateway.GatewayError) as exc:
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u")
    assert exc.value.code == "timeout" and "kịp thời" in exc.value.message
    assert MessageLog.objects.get().outcome == "timeout"


def test_garbage_is_a_clear_error(lgsp: Any) -> None:
    lgsp.mode("garbage")
    with pytest.raises(gateway.GatewayError) as exc:
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u")
    assert exc.value.code == "garbage" and "không đọc được" in exc.value.message
    assert MessageLog.objects.get().outcome == "garbage"


def test_the_peer_refuses_a_wrong_token(lgsp: Any, settings: Any) -> None:
    settings.MOTCUA_LGSP_TOKEN = "wrong"
    with pytest.raises(gateway.GatewayError) as exc:
        gateway.call(POPULATION, {"personal_id": "001090000001"}, user_id="u")
    assert exc.value.status == 401 and exc.value.code == "refused"


def test_production_refuses_the_demo_gateway_url_and_token() -> None:
    with override_settings(DEBUG=False, MOTCUA_DEMO=False):
        names = [e.msg.split()[0] for e in check_demo_values()]
    assert "MOTCUA_LGSP_URL" in names and "MOTCUA_LGSP_TOKEN" in names
