"""``motcua exchange-grant CLIENT_ID --service trang-thai [--service ket-qua] [--agency CODE]``:
grant a gateway member MotCua's services and print its token, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.exchange import grants


class Command(BaseCommand):
    help = "Grant a gateway member (X-Road client id) MotCua's services; print its bearer token once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id", help="INSTANCE/CLASS/MEMBER/SUBSYSTEM of the caller")
        parser.add_argument("--name", default="", help="the agency or system, as shown in the admin")
        parser.add_argument(
            "--service", action="append", required=True, choices=sorted(grants.SERVICES), help="repeat for several"
        )
        parser.add_argument("--agency", action="append", default=[], help="only dossiers of this agency (repeat)")
        parser.add_argument("--rate", type=int, default=120, help="calls per minute at most")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            grant, token = grants.grant_create(
                client_id=opts["client_id"],
                name=opts["name"],
                services=opts["service"],
                agency_codes=opts["agency"],
                rate_per_minute=opts["rate"],
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"granted {grant.client_id}: {', '.join(grant.services)}")
        self.stdout.write(token)
