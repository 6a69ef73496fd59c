from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.models import User
from motcua.demo.data import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Demo data: motcua demo load"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **opts: Any) -> None:
        if User.objects.filter(username="admin").exists():
            raise CommandError("Dữ liệu mẫu đã có (demo data is already loaded).")
        load_demo(processes=True)
        self.stdout.write(f"Đã nạp dữ liệu mẫu. Mật khẩu chung: {DEMO_PASSWORD}")
        for username, label in demo_logins():
            self.stdout.write(f"  {username:<24} {label}")
