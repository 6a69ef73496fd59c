"""``motcua openapi [--check]``: write (or check) the committed OpenAPI document docs/api/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from motcua.api.root import api


def openapi_text() -> str:
    schema = api.get_openapi_schema(path_prefix=reverse("api-v1:api-root").rstrip("/"))
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document to a file, or --check that the file is up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="docs/api/openapi.json")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["output"])
        text = openapi_text()
        if opts["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `motcua openapi` and commit it.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
