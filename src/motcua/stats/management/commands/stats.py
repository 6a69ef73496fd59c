from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.stats.services.reconcile import differences, rebuild


class Command(BaseCommand):
    help = "motcua stats reconcile [--fix]: compare the maintained counters with a full recount."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reconcile"])
        parser.add_argument("--fix", action="store_true", help="rewrite the counters from the recount")

    def handle(self, *args: Any, **opts: Any) -> None:
        diffs = differences()
        for d in diffs:
            self.stdout.write(
                f"DIFF agency={d.agency_id} field={d.field_id} day={d.day} {d.metric}: "
                f"stored={d.stored} recounted={d.recounted}"
            )
        if not diffs:
            self.stdout.write("OK: counters equal the full recount.")
            return
        if opts["fix"]:
            self.stdout.write(f"rebuilt {rebuild()} counter rows")
            return
        raise CommandError(f"{len(diffs)} differences (run with --fix to rebuild)")
