"""``motcua exchange-verify-log``: check the message log's signatures and chain; name the first broken row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.exchange import log
from motcua.exchange.models import MessageLog


class Command(BaseCommand):
    help = "Verify the signed message log of the data-sharing gateway; exit 1 at the first broken row."

    def handle(self, *args: Any, **opts: Any) -> None:
        broken = log.first_broken()
        if broken is not None:
            row, why = broken
            raise CommandError(f"row {row.pk} ({row.message_id}): broken {why}")
        self.stdout.write(f"OK: {MessageLog.objects.count()} rows, chain intact")
