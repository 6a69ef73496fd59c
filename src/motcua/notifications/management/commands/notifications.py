"""``motcua notifications seed`` (add missing default templates) / ``check-templates`` / ``remind``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.notifications.models import MessageTemplate
from motcua.notifications.reminders import send_reminders
from motcua.notifications.seed import templates


class Command(BaseCommand):
    help = "Notification templates and reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["seed", "check-templates", "remind"])

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "seed":
            added = 0
            for row in templates():
                _obj, created = MessageTemplate.objects.get_or_create(
                    event=row["event"],
                    channel=row["channel"],
                    defaults={k: v for k, v in row.items() if k not in {"event", "channel"}},
                )
                added += created
            self.stdout.write(f"added {added}")
        elif opts["what"] == "check-templates":
            bad = 0
            for tpl in MessageTemplate.objects.all():
                try:
                    tpl.full_clean()
                except ValidationError as exc:
                    bad += 1
                    self.stdout.write(f"{tpl.event} {tpl.channel}: {exc.messages}")
            if bad:
                raise CommandError(f"{bad} invalid template(s)")
            self.stdout.write("ok")
        else:
            self.stdout.write(f"enqueued {send_reminders()}")
