"""``motcua dvcqg-catalogue``: import the procedures of the national procedure database (CSDL TTHC)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.national_portal.services.catalogue import pull_catalogue


class Command(BaseCommand):
    help = "Pull procedures from the national portal's catalogue into the local catalogue (the catalogue import)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="only these MaTTHC (default: all)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            report = pull_catalogue(codes=opts["codes"] or None)
        except DomainError as exc:
            details = f" {exc.details}" if exc.details else ""
            raise CommandError(f"{exc.message}{details}") from None
        self.stdout.write(
            f"created: {', '.join(report.created) or '-'}; updated: {', '.join(report.updated) or '-'};"
            f" unchanged: {', '.join(report.unchanged) or '-'};"
            f" fields created: {', '.join(report.fields_created) or '-'}"
        )
