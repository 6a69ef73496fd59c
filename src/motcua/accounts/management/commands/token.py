from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import User
from motcua.accounts.services import token_create


class Command(BaseCommand):
    help = "Issue an API bearer token: motcua token create <username> [--name NAME]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="cli")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{opts['username']}' (no such user).")
        _, token = token_create(user=user, name=opts["name"])
        self.stdout.write(token)
