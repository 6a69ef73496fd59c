"""``motcua check-integrations``: run the health check of every integration plugin (``core.plugins``).

One line per plugin: kind, name, OK or LỖI, what the check found. The exit status is 1 when a
check fails, so a deployment or a monitor can run it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core import plugins


class Command(BaseCommand):
    help = "Run the health check of every integration (payment gateways, later e-ID, exchange, signers …)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=[k.value for k in plugins.Kind], help="only the plugins of this kind")

    def handle(self, *args: Any, **opts: Any) -> None:
        chosen = [p for p in plugins.all_plugins() if not opts["kind"] or p.kind == opts["kind"]]
        failed = 0
        for plugin in chosen:
            health = plugin.health()
            failed += not health.ok
            state = "OK" if health.ok else "LỖI"
            self.stdout.write(f"{plugin.kind.value:<18} {plugin.name:<14} {state:<4} {plugin.title}: {health.detail}")
        if failed:
            raise CommandError(_("%(failed)s/%(total)s kết nối không đạt.") % {"failed": failed, "total": len(chosen)})
        self.stdout.write(_("Mọi kết nối đạt (%(total)s).") % {"total": len(chosen)})
