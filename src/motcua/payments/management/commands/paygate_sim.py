"""``motcua paygate_sim``: run the local payment gateway simulator (both gateway protocols)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core import launch, peer_server
from motcua.core.links import public_url
from motcua.payments import conf
from motcua.payments.gateways.simulator import SimConfig, make_server


class Command(BaseCommand):
    help = "Run the payment gateway simulator (national platform style + VNPay style) for development and tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765, help="0: any free port (the first line printed names it)")
        parser.add_argument(
            "--public-url",
            default="",
            help="address browsers use to reach the simulator (default: http://HOST:PORT, "
            "the machine's address for a wildcard HOST)",
        )
        parser.add_argument(
            "--ipn-url",
            default="",
            help="gateway B: the merchant's IPN URL (default: MOTCUA_PUBLIC_URL/api/v1/payments/callback/vnpay-style)",
        )
        parser.add_argument(
            "--test-faults",
            action="store_true",
            help="offer fault injection (bad signature, wrong amount, duplicate) on the pay pages",
        )
        parser.add_argument("--slow-seconds", type=float, default=5.0, help="the delay of the 'slow' mode")

    def handle(self, *args: Any, **opts: Any) -> None:
        ipn = opts["ipn_url"] or public_url("api-v1:vnpay_ipn")
        config = SimConfig(
            secret_a=conf.gateway_a_secret(),
            merchant_a=conf.gateway_a_merchant(),
            secret_b=conf.gateway_b_secret(),
            merchant_b=conf.gateway_b_merchant(),
            ipn_url=ipn,
            public_url=opts["public_url"].rstrip("/"),
            faults=opts["test_faults"],
            slow_seconds=opts["slow_seconds"],
        )
        server = make_server(opts["host"], opts["port"], config)
        port = int(server.server_address[1])
        if not opts["public_url"]:
            server.config.public_url = launch.http_url(launch.reachable_host(opts["host"]), port)
        peer_server.serve(server, self.stdout, f"Cổng thanh toán giả lập: {server.config.public_url}/ (IPN: {ipn})")
