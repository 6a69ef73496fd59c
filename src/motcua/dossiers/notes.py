"""Who may read the note of a history line (ghi chú): the applicant, or only the officials.

Every ``DossierEvent`` carries a ``note_visibility``, set by the service that writes it
(``transitions.record_event``) from the table below and, where the table allows it, from the
official's choice (``Actor.note_visibility``: the "tell the applicant" checkbox of the back office,
``note_to_applicant`` in the API). The citizen's pages, the citizen API and the notices show a
note only when it is ``applicant``; officials see every note, the internal ones marked as such.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteVisibility(models.TextChoices):
    APPLICANT = "applicant", _("Người nộp hồ sơ xem được")
    INTERNAL = "internal", _("Nội bộ")


# Notes the applicant is always told: the applicant's own words, and what the law says goes to them —
# the items and reasons of a supplement request (Mẫu 02) and of a refusal (Mẫu 03, Circular 01/2018
# annex; Decree 61/2018 art. 17, Decree 118/2025/NĐ-CP), the reason of a delay with the apology
# (Mẫu 04, Decree 61/2018 art. 19) and the reason for stopping (Decree 118/2025 art. 21).
ALWAYS_TOLD = frozenset(
    {
        "submit",
        "supplement",
        "withdraw",
        "request_supplement_reception",
        "request_supplement_review",
        "refuse_reception",
        "refuse",
        "refuse_step",
        "stop",
        "extend",
    }
)
# Notes told unless the official chooses otherwise: the one-stop desk's answers and the issued decision.
TOLD_BY_DEFAULT = frozenset({"receive", "fee_paid", "issue_result", "return_result"})
# Everything else (forward, assign, approve, complete_step, the process reminders, officials'
# uploads) is the bodies' working note: internal unless the official chooses to tell the applicant.


def default_visibility(action: str) -> str:
    """Return the visibility a note of ``action`` gets when nobody chooses."""
    if action in ALWAYS_TOLD or action in TOLD_BY_DEFAULT:
        return NoteVisibility.APPLICANT.value
    return NoteVisibility.INTERNAL.value


def choosable(action: str) -> bool:
    """Whether the official may choose who reads the note of ``action`` (not for the ones the law fixes)."""
    return action not in ALWAYS_TOLD


def resolve(action: str, role: str, chosen: str | None) -> str:
    """Return the visibility of a new history line: fixed, chosen by the official, or the default."""
    if role == "applicant" or not choosable(action):
        return NoteVisibility.APPLICANT.value
    if chosen in NoteVisibility.values:
        return str(chosen)
    return default_visibility(action)


def for_applicant(event: Any) -> str:
    """Return the note of ``event`` as the applicant may read it ("" when it is internal)."""
    return event.note if event.note_visibility == NoteVisibility.APPLICANT else ""


def visibility_of_choice(flag: bool | None) -> str | None:
    """Map a "tell the applicant" checkbox / API flag to a visibility (None: leave the default)."""
    if flag is None:
        return None
    return NoteVisibility.APPLICANT.value if flag else NoteVisibility.INTERNAL.value
