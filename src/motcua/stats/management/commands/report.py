"""``motcua report tthc --from D --to D [--agency CODE] --format json|csv|xlsx [--output FILE]``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.stats.export import report_xlsx
from motcua.stats.services.evaluation import evaluate_body, evaluate_officials
from motcua.stats.services.report import EXPORT_COLUMNS, statutory_report
from motcua.stats.services.service_index import service_index


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Statutory report Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "report",
            choices=["tthc", "evaluation", "service-index"],
            help="tthc: Biểu 06; evaluation: Circular 01/2018 indexes of a body and its officials",
        )
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--agency", default=None, help="agency code; includes the agencies below it")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", default=None, help="file (required for xlsx)")

    def handle(self, *args: Any, **opts: Any) -> None:
        date_from, date_to = _date(opts["date_from"]), _date(opts["date_to"])
        if date_to < date_from:
            raise CommandError("--to phải không trước --from.")
        if opts["report"] == "service-index":
            if not opts["agency"]:
                raise CommandError("--agency is required for the service index")
            index = service_index(opts["agency"], date_from, date_to)
            self.stdout.write(json.dumps(index.as_dict(), ensure_ascii=False, indent=2))
            return
        if opts["report"] == "evaluation":
            self._evaluation(opts["agency"], date_from, date_to)
            return
        rows = [r.as_dict() for r in statutory_report(date_from=date_from, date_to=date_to, agency_code=opts["agency"])]
        fmt, output = opts["format"], opts["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("--output is required for xlsx")
            with open(output, "wb") as fh:
                fh.write(report_xlsx(rows, date_from, date_to))
            self.stdout.write(f"wrote {output}")
            return
        if fmt == "json":
            text = json.dumps(
                {"from": str(date_from), "to": str(date_to), "agency": opts["agency"], "rows": rows},
                ensure_ascii=False,
                indent=2,
            )
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
            text = buffer.getvalue()
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text.rstrip("\n"))

    def _evaluation(self, agency: str | None, date_from: date, date_to: date) -> None:
        if not agency:
            raise CommandError("--agency is required for the evaluation")
        body = evaluate_body(agency, date_from, date_to)
        officials = [asdict(o) for o in evaluate_officials(agency, date_from, date_to)]
        self.stdout.write(json.dumps({"body": asdict(body), "officials": officials}, ensure_ascii=False, indent=2))
