"""``motcua demo-data --dossiers N [--from D --to D] [--seed S]``: a realistic history at scale."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalogue.models import Procedure
from motcua.core import clock
from motcua.core.clock import VN_TZ
from motcua.demo.data import load_demo
from motcua.demo.generator import default_period, generate


class Command(BaseCommand):
    help = "Generate N dossiers with their history (loads the demo organisation first if the database is empty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, required=True)
        parser.add_argument("--from", dest="date_from", default=None, help="first submission day (default: a year ago)")
        parser.add_argument("--to", dest="date_to", default=None, help="last submission day (default: yesterday)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--chunk", type=int, default=50_000)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["dossiers"] < 1:
            raise CommandError("--dossiers must be at least 1")
        if not Procedure.objects.exists():
            load_demo()
        date_from, date_to, until = default_period(clock.local_now().date())
        if opts["date_from"]:
            date_from = date.fromisoformat(opts["date_from"])
        if opts["date_to"]:
            date_to = date.fromisoformat(opts["date_to"])
            until = min(until, datetime.combine(date_to, datetime.max.time(), tzinfo=VN_TZ))
        started = time.monotonic()
        report = generate(
            opts["dossiers"], date_from=date_from, date_to=date_to, until=until, seed=opts["seed"], chunk=opts["chunk"]
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{report.dossiers} dossiers, {report.events} events from {date_from} to {date_to} "
            f"in {seconds:.1f} s ({report.dossiers / max(seconds, 1e-9):.0f} dossiers/s)"
        )
        for status, count in sorted(report.by_status.items()):
            self.stdout.write(f"  {status:<22} {count}")
