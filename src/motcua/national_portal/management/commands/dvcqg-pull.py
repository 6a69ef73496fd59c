"""``motcua dvcqg-pull``: take in the dossiers and payment confirmations filed on the national portal."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.national_portal.dvcqg.client import PortalError, PortalRefused
from motcua.national_portal.services import intake, payments


class Command(BaseCommand):
    help = "Ask the national portal for the dossiers (and payment confirmations) since the last pull."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-payments", action="store_true", help="dossiers only")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            pulled = intake.pull()
            self.stdout.write(
                f"dossiers: {pulled.accepted} accepted, {pulled.refused} refused, {pulled.retry} to retry"
                f" (cursor {pulled.cursor or '-'})"
            )
            if not opts["no_payments"]:
                paid = payments.pull()
                counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(paid.outcomes.items())) or "none"
                self.stdout.write(f"payments: {counts} (cursor {paid.cursor or '-'})")
        except (PortalError, PortalRefused) as exc:
            raise CommandError(str(exc.message)) from None
