"""``motcua payments reconcile FILE.csv`` / ``motcua payments expire``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.payments.services.payments import expire_overdue
from motcua.payments.services.reconcile import parse_csv, reconcile


class Command(BaseCommand):
    help = "Payments: reconcile a bank statement (CSV) against VietQR transfers; expire overdue payments."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("reconcile", help="import a statement: booked_at,bank_reference,amount,content[,payer]")
        rec.add_argument("file")
        sub.add_parser("expire", help="mark pending payments past their expiry as expired")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "expire":
            self.stdout.write(f"expired {expire_overdue()}")
            return
        path = Path(opts["file"])
        try:
            rows = parse_csv(path.read_text(encoding="utf-8"))
            result = reconcile(rows, source=path.name)
        except OSError as exc:
            raise CommandError(str(exc)) from None
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            lines = [str(exc.message)] + [f"  {e['message']}" for e in details.get("errors", [])]
            raise CommandError("\n".join(lines)) from None
        for line in result.matched:
            self.stdout.write(
                f"matched {line.bank_reference} {line.amount} {line.payment.reference if line.payment else ''}"
            )
        for line in result.unmatched:
            self.stdout.write(f"unmatched {line.bank_reference} {line.amount} {line.note}")
        for ref in result.skipped:
            self.stdout.write(f"skipped {ref} (imported before)")
        self.stdout.write(
            f"matched={len(result.matched)} unmatched={len(result.unmatched)} skipped={len(result.skipped)}"
        )
