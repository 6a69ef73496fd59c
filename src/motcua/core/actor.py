"""Who performs an action, through which channel, on whose behalf."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Actor:
    """The caller of a service. ``user`` is None only for the system (worker, timers).

    ``note_visibility``: who the caller lets read the note of this call ("applicant" or "internal",
    the back office's "tell the applicant" checkbox); None keeps the default of the action, and
    notes the law says go to the applicant ignore it (``motcua.dossiers.notes``).
    """

    user: Any
    channel: str = "web"  # web / api / counter / system
    on_behalf_of: str = ""
    note_visibility: str | None = None

    @property
    def name(self) -> str:
        if self.user is None:
            return str(_("Hệ thống"))
        return str(getattr(self.user, "display_name", "") or self.user.get_username())


SYSTEM = Actor(user=None, channel="system")
