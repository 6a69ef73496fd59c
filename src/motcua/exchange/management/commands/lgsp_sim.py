"""``motcua lgsp_sim`` (``motcua sim lgsp``): run the local data-sharing gateway peer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core import peer_server
from motcua.exchange import conf
from motcua.exchange.simulator import MODES, make_server


class Command(BaseCommand):
    help = "Run the local LGSP gateway peer (population, business and land registers) for development and tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8766, help="0: any free port (the first line printed names it)")
        parser.add_argument("--mode", default="ok", choices=MODES)

    def handle(self, *args: Any, **opts: Any) -> None:
        server = make_server(opts["host"], opts["port"], conf.token())
        server.mode = opts["mode"]
        peer_server.serve(server, self.stdout, f"{server.url} (trục liên thông LGSP giả lập)")
