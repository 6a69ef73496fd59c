"""``motcua sim csc``: run a remote signing service (CSC API v2) holding the demo PKI's keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core import launch, peer_server
from motcua.signing import conf
from motcua.signing import pki as demo_pki
from motcua.signing.signers.csc.peer import CREDENTIALS, DEMO_TOKEN, make_server


class Command(BaseCommand):
    help = "Run the remote signing peer (CSC API v2, approval on the phone, modes ok/refuse/never and faults)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8771, help="0: any free port (the first line printed names it)")
        parser.add_argument(
            "--pki-dir", default="", help="the demo PKI's folder (default: MOTCUA_DATA_DIR/signing/pki)"
        )
        parser.add_argument("--slow-seconds", type=float, default=5.0, help="the delay of the 'slow' mode")

    def handle(self, *args: Any, **opts: Any) -> None:
        directory = Path(opts["pki_dir"]) if opts["pki_dir"] else conf.pki_dir()
        pki = demo_pki.ensure_demo_pki(directory, conf.pki_url())
        server = make_server(opts["host"], opts["port"], pki, slow_seconds=opts["slow_seconds"])
        url = launch.http_url(launch.reachable_host(opts["host"]), int(server.server_address[1]))
        peer_server.serve(
            server,
            self.stdout,
            f"{url} ký số từ xa thử nghiệm (CSC API v2; {', '.join(CREDENTIALS)}; token {DEMO_TOKEN})",
        )
