"""``motcua sim post``: run the local postal operator peer (VNPost-style order API)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core import launch, peer_server
from motcua.core.links import public_url
from motcua.postal import conf
from motcua.postal.operators.vnpost.peer import PeerConfig, make_server


class Command(BaseCommand):
    help = "Run the postal operator peer (orders, status webhook, fault modes) for development and tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8767, help="0: any free port (the first line printed names it)")
        parser.add_argument(
            "--webhook-url",
            default="",
            help="where status webhooks go (default: MOTCUA_PUBLIC_URL/buu-chinh/webhook/vnpost)",
        )
        parser.add_argument("--slow-seconds", type=float, default=5.0, help="the delay of the 'slow' mode")

    def handle(self, *args: Any, **opts: Any) -> None:
        webhook = opts["webhook_url"] or public_url("postal:webhook", "vnpost")
        config = PeerConfig(
            token=conf.token(),
            webhook_secret=conf.webhook_secret(),
            webhook_url=webhook,
            slow_seconds=opts["slow_seconds"],
        )
        server = make_server(opts["host"], opts["port"], config)
        url = launch.http_url(launch.reachable_host(opts["host"]), int(server.server_address[1]))
        peer_server.serve(server, self.stdout, f"{url} bưu chính giả lập (webhook: {webhook})")
