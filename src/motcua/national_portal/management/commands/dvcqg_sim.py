"""``motcua sim dvcqg``: run the local peer of the national public service portal."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core import launch, peer_server
from motcua.core.links import public_url
from motcua.national_portal import conf
from motcua.national_portal.dvcqg.peer import DEMO_AGENCY, DEMO_FORM, DEMO_PROCEDURE, PeerConfig, make_server


class Command(BaseCommand):
    help = "Run the national portal peer (dossiers to push and pull, status log, catalogue, payments, fault modes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8768, help="0: any free port (the first line printed names it)")
        parser.add_argument(
            "--push-url", default="", help="where dossiers are pushed (default: MOTCUA_PUBLIC_URL/dvcqg/ho-so)"
        )
        parser.add_argument("--procedure", default=DEMO_PROCEDURE, help="MaTTHC of the dossiers it files")
        parser.add_argument("--agency", default=DEMO_AGENCY, help="DonViXuLy (agency code) of the dossiers it files")
        parser.add_argument("--form", default="", help="DuLieuToKhai as a JSON object (default: the demo procedure's)")
        parser.add_argument("--document", action="append", default=[], help="a document code to attach a file for")
        parser.add_argument("--slow-seconds", type=float, default=5.0, help="the delay of the 'slow' mode")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            form = json.loads(opts["form"]) if opts["form"] else dict(DEMO_FORM)
        except ValueError as exc:
            raise CommandError(f"--form is not JSON: {exc}") from None
        if not isinstance(form, dict):
            raise CommandError("--form must be a JSON object")
        push_url = opts["push_url"] or public_url("national_portal:push")
        config = PeerConfig(
            token=conf.token(),
            secret=conf.secret(),
            push_url=push_url,
            procedure=opts["procedure"],
            agency=opts["agency"],
            form=form,
            documents=tuple(opts["document"]),
            slow_seconds=opts["slow_seconds"],
        )
        server = make_server(opts["host"], opts["port"], config)
        url = launch.http_url(launch.reachable_host(opts["host"]), int(server.server_address[1]))
        config.base_url = url
        peer_server.serve(server, self.stdout, f"{url} Cổng Dịch vụ công quốc gia giả lập (đẩy hồ sơ đến: {push_url})")
