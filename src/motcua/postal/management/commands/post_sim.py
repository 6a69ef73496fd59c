"""``motcua sim post``: run the local postal operator peer (VNPost-style order API)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core import launch
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
        # The first URL of this line is the peer's: `motcua up` reads it.
        self.stdout.write(f"{url} bưu chính giả lập (webhook: {webhook})")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
