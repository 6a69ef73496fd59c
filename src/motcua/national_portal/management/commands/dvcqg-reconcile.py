"""``motcua dvcqg-reconcile --from D --to D``: list each dossier whose status the portal holds differently."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.national_portal.dvcqg.client import PortalError, PortalRefused
from motcua.national_portal.services.reconcile import differences


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = "Compare local and national statuses of the dossiers submitted in a period; exit 1 on a difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD (submitted on or after)")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD (submitted on or before)")

    def handle(self, *args: Any, **opts: Any) -> None:
        date_from, date_to = _day(opts["date_from"]), _day(opts["date_to"])
        if date_to < date_from:
            raise CommandError("--to is before --from")
        try:
            found = differences(date_from, date_to)
        except (PortalError, PortalRefused) as exc:
            raise CommandError(str(exc.message)) from None
        for d in found:
            self.stdout.write(
                f"{d.code}\t{d.national_code}\tlocal {d.local_status or '-'}\tnational {d.national_status or 'missing'}"
            )
        self.stdout.write(f"{len(found)} difference(s) from {date_from} to {date_to}")
        if found:
            raise SystemExit(1)
