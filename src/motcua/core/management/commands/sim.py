"""``motcua sim``: list the local peers of the integrations; ``motcua sim <name> [options]`` runs one.

The peers come from the plugin registries (``core.plugins``): a plugin with a ``peer`` names the
management command that stands in for its outside service. Options after the name go to it
(``motcua sim paygate --port 0``).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core import plugins


class Command(BaseCommand):
    help = "List the local stand-ins of outside services (no name), or run one: motcua sim <name> [options]."
    # A peer is a stand-in of an outside service: it needs no system check (which would import every
    # URL and view of the site, seconds of start-up for each peer a test or `motcua up` starts).
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="the peer to run (none: list them)")
        parser.add_argument("peer_args", nargs=argparse.REMAINDER, help="options passed on to the peer")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["name"]:
            self._list()
            return
        try:
            peer = plugins.peer(opts["name"])
        except plugins.UnknownPeer as exc:
            raise CommandError(
                _("Không có máy mô phỏng “%(name)s” (có: %(known)s).")
                % {"name": exc.name, "known": ", ".join(exc.known) or "—"}
            ) from None
        call_command(peer.command, *opts["peer_args"])

    def _list(self) -> None:
        peers = plugins.peers()
        if not peers:
            self.stdout.write(_("Chưa có máy mô phỏng nào."))
            return
        for name, peer in peers.items():
            served = ", ".join(f"{p.kind.value}/{p.name}" for p in plugins.served_by(name))
            self.stdout.write(f"{name:<12} {peer.help}  [{served}]  (motcua {peer.command})")
