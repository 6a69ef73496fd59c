from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.open311.models import ApiKey
from motcua.open311.services import key_create


class Command(BaseCommand):
    help = "Open311 API keys: motcua open311 keys create NAME (prints the key once) | keys list"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        keys = sub.add_parser("keys", help="API keys")
        keys_sub = keys.add_subparsers(dest="keys_cmd", required=True)
        create = keys_sub.add_parser("create", help="create a key and print it once")
        create.add_argument("name")
        keys_sub.add_parser("list", help="list the keys (never the keys themselves)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["keys_cmd"] == "create":
            name = opts["name"].strip()
            if not name:
                raise CommandError("Tên không được để trống (name required).")
            _, key = key_create(name=name)
            self.stdout.write(key)
            return
        for row in ApiKey.objects.order_by("created_at"):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            self.stdout.write(f"{row.prefix}…\t{row.name}\t{row.created_at:%Y-%m-%d}\t{state}")
