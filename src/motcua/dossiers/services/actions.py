"""The dossier actions the adapters offer, in one table: name → typed input → lifecycle call.

The REST API and the back office both read ``ACTIONS``: an adapter turns its request (a ninja
schema, a Django form) into the action's input dataclass with ``build`` and calls ``run``; it
keeps only its presentation (labels, forms, messages, which actions it exposes). The order is the
order of the work, in which the back office shows the actions.

Which status and role each action needs is not here but in ``statuses.TRANSITIONS``; the
transaction, locking and history are ``transitions.transition()``'s. An action with files
(``supplement`` at the counter, ``issue_result``) stores them in the action's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _

from motcua.core.actor import Actor
from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.results import ResultRecord


@dataclass(frozen=True)
class Noted:
    """An action with an optional note: receive, fee_paid, approve, return_result."""

    version: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RequestSupplementInput(Noted):
    """Mẫu 02: each item a dict with ``requirement`` (code or ""), ``name`` and ``reason``."""

    items: Sequence[Mapping[str, str]] = ()


@dataclass(frozen=True)
class Reasons:
    """A refusal (Mẫu 03): the reasons are required (the service says so)."""

    version: int | None = None
    reasons: str = ""


@dataclass(frozen=True)
class Reason:
    """Stop or withdraw: the reason (required to stop)."""

    version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class ForwardInput(Noted):
    to_agency: str = ""  # the agency's code


@dataclass(frozen=True)
class AssignInput(Noted):
    assignee: str = ""  # the official's username


@dataclass(frozen=True)
class ExtendInput(Reason):
    new_due_at: datetime | None = None  # required; aware


@dataclass(frozen=True)
class SupplementInput(Noted):
    files: Sequence[Any] = ()  # uploaded files handed in with the action (at the counter)


@dataclass(frozen=True)
class IssueResultInput(Noted):
    record: ResultRecord | None = None
    files: Sequence[Any] = ()  # the signed result, uploaded with the action


In = TypeVar("In")


@dataclass(frozen=True)
class Action(Generic[In]):
    name: str
    input: type[In]
    call: Callable[[int, In, Actor], Dossier]

    def run(self, dossier_id: int, data: In, actor: Actor) -> Dossier:
        return self.call(dossier_id, data, actor)

    def build(self, values: Mapping[str, Any]) -> In:
        """The action's input from ``values``, read by field name; other keys are ignored."""
        return self.input(
            **{
                f.name: values[f.name]
                for f in fields(self.input)  # type: ignore[arg-type]
                if f.name in values
            }
        )


def _extend(pk: int, x: ExtendInput, a: Actor) -> Dossier:
    if x.new_due_at is None:
        raise ValidationError(_("Vui lòng nhập ngày hẹn trả mới."), code="required", details={"field": "new_due_at"})
    return lifecycle.extend(pk, actor=a, new_due_at=x.new_due_at, reason=x.reason, version=x.version)


def _noted(call: Callable[..., Dossier]) -> Action[Noted]:
    return Action(call.__name__, Noted, lambda pk, x, a: call(pk, actor=a, note=x.note, version=x.version))


REGISTRY: tuple[Action[Any], ...] = (
    _noted(lifecycle.receive),
    Action(
        "request_supplement",
        RequestSupplementInput,
        lambda pk, x, a: lifecycle.request_supplement(
            pk, actor=a, items=[dict(i) for i in x.items], note=x.note, version=x.version
        ),
    ),
    Action(
        "refuse_reception",
        Reasons,
        lambda pk, x, a: lifecycle.refuse_at_reception(pk, actor=a, reasons=x.reasons, version=x.version),
    ),
    Action(
        "supplement",
        SupplementInput,
        lambda pk, x, a: lifecycle.supplement(pk, actor=a, note=x.note, version=x.version, files=x.files),
    ),
    _noted(lifecycle.fee_paid),
    Action(
        "forward",
        ForwardInput,
        lambda pk, x, a: lifecycle.forward(pk, actor=a, to_agency_code=x.to_agency, note=x.note, version=x.version),
    ),
    Action(
        "assign",
        AssignInput,
        lambda pk, x, a: lifecycle.assign(pk, actor=a, assignee_username=x.assignee, note=x.note, version=x.version),
    ),
    _noted(lifecycle.approve),
    Action("refuse", Reasons, lambda pk, x, a: lifecycle.refuse(pk, actor=a, reasons=x.reasons, version=x.version)),
    Action(
        "issue_result",
        IssueResultInput,
        lambda pk, x, a: lifecycle.issue_result(
            pk, actor=a, record=x.record, note=x.note, version=x.version, files=x.files
        ),
    ),
    _noted(lifecycle.return_result),
    Action("extend", ExtendInput, _extend),
    Action("stop", Reason, lambda pk, x, a: lifecycle.stop(pk, actor=a, reason=x.reason, version=x.version)),
    Action("withdraw", Reason, lambda pk, x, a: lifecycle.withdraw(pk, actor=a, reason=x.reason, version=x.version)),
)
ACTIONS: dict[str, Action[Any]] = {action.name: action for action in REGISTRY}
