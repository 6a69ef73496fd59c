"""One registry of dossier actions: both adapters read it, each only presents what it lists."""

from __future__ import annotations

from datetime import datetime

from motcua.api.routes import dossiers as api_routes
from motcua.backoffice import actions as backoffice
from motcua.core import clock
from motcua.dossiers.services import actions
from motcua.dossiers.statuses import TRANSITIONS


def test_every_registered_action_is_a_transition() -> None:
    for name in actions.ACTIONS:
        variants = [t for t in TRANSITIONS if t == name or t.startswith(f"{name}_reception")]
        assert variants, name


def test_the_back_office_presents_every_action_once_in_the_registry_order() -> None:
    assert [spec.name for spec in backoffice.SPECS] == [a.name for a in actions.REGISTRY]


def test_the_api_offers_registered_actions_only() -> None:
    assert set(api_routes.ACTIONS) <= set(actions.ACTIONS)
    assert set(actions.ACTIONS) - set(api_routes.ACTIONS) == {"fee_paid"}  # the payments app confirms payment itself


def test_build_reads_the_input_fields_by_name_and_ignores_the_rest() -> None:
    due = datetime(2026, 12, 1, 9, tzinfo=clock.VN_TZ)
    built = actions.ACTIONS["extend"].build(
        {"version": 3, "reason": "Chờ xác minh", "new_due_at": due, "note": "ignored", "assignee": "ignored"}
    )
    assert built == actions.ExtendInput(version=3, reason="Chờ xác minh", new_due_at=due)
    assert actions.ACTIONS["receive"].build({}) == actions.Noted()
