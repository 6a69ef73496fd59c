"""Who may do which action on a dossier: the one rule, read from ``statuses.TRANSITIONS``.

``acting_role`` answers it for every caller: the transition service (``transitions.acting_role``,
403 when it says None), the buttons (``permissions.allowed_actions``), the back office's split of
"wrong role" (403) from "wrong moment" (409, ``backoffice.actions.holds_role_for``) and uploads
(``documents._upload_role``). It reads only a ``Standing`` (the actor's roles at the dossier's
receiving and handling bodies, and whether they are its applicant), so the hot path passes the
roles its lock already read and the rule adds no query.

Actions of a step of the internal process (``Scope.STEP``, or a legal action naming its step) are
authorised by the step instead (``processes.flow.step_actor``); while a process runs it also
decides which dossier-level actions are offered (``processes.selectors.filter_actions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from motcua.dossiers.statuses import TRANSITIONS, Scope, Status, Transition
from motcua.organisation.permissions import roles_at


@dataclass(frozen=True)
class Standing:
    """Who the actor is to one dossier."""

    receiving: frozenset[str] = frozenset()  # the actor's roles at the receiving body
    handling: frozenset[str] = frozenset()  # ... and at the handling body (the same set when it is one body)
    applicant: bool = False  # the account that applied for the dossier
    system: bool = False  # our own code (worker, payment callbacks) acting through SYSTEM
    steps: frozenset[str] = frozenset()  # roles of the open steps of the dossier's process the actor holds


def acting_role(spec: Transition, who: Standing) -> str | None:
    """Return the role under which ``who`` may perform ``spec`` (in a status it allows), or None.

    - the system may do everything;
    - an applicant action (Scope.APPLICANT): the applicant, or at the counter a reception officer of
      the receiving body acting for them;
    - an official action: one of the entry's roles at the receiving or handling body (the first by
      name when several); for an upload also the role of an open process step the actor holds, at
      whatever body (the clerk of a step at another body uploads the result the step issues);
    - a step action (Scope.STEP): never here; the step decides (``processes.flow.step_actor``).
    """
    if who.system:
        return "system"
    if spec.scope == Scope.APPLICANT:
        if who.applicant:
            return "applicant"
        return "reception" if "reception" in who.receiving else None
    if spec.scope == Scope.STEP:
        return None
    held = (who.receiving if spec.scope == Scope.RECEIVING else who.handling) & spec.roles
    if not held and spec.upload:
        held = who.steps & spec.roles
    return min(held) if held else None


def allowed(spec: Transition, status: Status, who: Standing) -> bool:
    """Whether ``who`` may perform ``spec`` now, the dossier being in ``status``."""
    return status in spec.sources and acting_role(spec, who) is not None


def standing(
    user: Any,
    dossier: Any,
    known: dict[int, set[str]] | None = None,
    *,
    system: bool = False,
    steps: frozenset[str] = frozenset(),
) -> Standing:
    """Return the ``Standing`` of ``user`` to ``dossier``.

    ``known``: the user's roles by body id, already read (the transition's lock); the others are
    looked up, one query per body (one when the dossier is received and handled by one body).
    """

    def roles_of(agency_id: int | None) -> frozenset[str]:
        if known is not None and agency_id in known:
            return frozenset(known[agency_id])
        return frozenset(roles_at(user, agency_id))

    receiving = roles_of(dossier.receiving_agency_id)
    handling = (
        receiving if dossier.handling_agency_id == dossier.receiving_agency_id else roles_of(dossier.handling_agency_id)
    )
    pk = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return Standing(
        receiving=receiving,
        handling=handling,
        system=system,
        steps=steps,
        applicant=pk is not None and dossier.applicant_id == pk,
    )


# The API and the back office offer one "request_supplement"; the service picks the entry from the status.
ALIASES: dict[str, tuple[str, ...]] = {
    "request_supplement": ("request_supplement_reception", "request_supplement_review")
}


def entries(action: str) -> list[Transition]:
    """The table entries an offered action name stands for."""
    return [TRANSITIONS[name] for name in ALIASES.get(action, (action,))]


def entry_for(action: str, status: Status) -> Transition:
    """The table entry an offered action stands for while the dossier is in ``status``: the first whose
    sources hold it, else the last (request_supplement: at reception while submitted, else after review)."""
    specs = entries(action)
    return next((spec for spec in specs if status in spec.sources), specs[-1])


def offered_name(name: str) -> str:
    """The name under which the table entry ``name`` is offered (inverse of ``entries``)."""
    return next((alias for alias, names in ALIASES.items() if name in names), name)
