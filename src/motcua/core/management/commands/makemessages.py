"""``makemessages`` that also collects ``N_("…")``: labels marked with ``gettext_noop as N_``
(status and action tables) and translated where they are shown."""

from __future__ import annotations

from django.core.management.commands.makemessages import Command as Base


class Command(Base):
    xgettext_options = [*Base.xgettext_options, "--keyword=N_"]
