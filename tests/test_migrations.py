"""Migrations that do not change meaning: seed data frozen inside them, no project code imported."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from motcua.feedback.categories import CATEGORIES
from motcua.notifications.models import MessageTemplate
from motcua.notifications.seed import templates
from motcua.organisation.units import unit_rows

SRC = Path(__file__).resolve().parent.parent / "src" / "motcua"
# Schema migrations that name a function of their models module (``upload_to``): Django writes the
# reference, and the function must stay. Nothing else in a migration may import project code.
MODEL_REFERENCES = {
    ("datastore", "0001_initial.py", "motcua.datastore.models"),  # upload_to and the 0600 storage
    ("dossiers", "0001_initial.py", "motcua.dossiers.models"),
    ("feedback", "0001_initial.py", "motcua.feedback.models"),
    ("portal", "0001_initial.py", "motcua.portal.models"),
}


def test_migrations_import_no_project_code() -> None:
    found = set()
    for path in sorted(SRC.glob("*/migrations/0*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found |= {(path.parent.parent.name, path.name, n) for n in names if n.split(".")[0] == "motcua"}
    assert found == MODEL_REFERENCES, "copy the data a migration needs into it instead of importing it"


def _migration(app: str, name: str) -> Any:
    return importlib.import_module(f"motcua.{app}.migrations.{name}")


@pytest.mark.django_db
def test_the_template_migrations_give_the_live_seed() -> None:
    """A new or changed default template (notifications/seed.py) needs a data migration: add it here."""
    MessageTemplate.objects.all().delete()
    _migration("notifications", "0002_seed_templates").seed(apps, None)
    _migration("notifications", "0003_process_deadline_events").seed(apps, None)
    _migration("notifications", "0004_payment_and_rating_links").forward(apps, None)
    _migration("notifications", "0006_step_returned_event").seed(apps, None)
    _migration("notifications", "0007_supplement_answer_deadline").forward(apps, None)
    _migration("notifications", "0009_postal_notices").forward(apps, None)
    stored = {(t.event, t.channel): t for t in MessageTemplate.objects.all()}
    seed = {(row["event"], row["channel"]): row for row in templates()}
    assert set(stored) == set(seed)
    for key, row in seed.items():
        assert {f: getattr(stored[key], f) for f in row} == row, key


@pytest.mark.django_db
def test_the_category_migration_gives_the_live_list_and_updates_an_existing_row() -> None:
    """A changed PAKN category list (feedback/categories.py) needs a data migration."""
    Category = apps.get_model("feedback", "Category")
    Category.objects.all().delete()
    Category.objects.create(code=CATEGORIES[0]["code"], name="Tên cũ", order=99)
    _migration("feedback", "0002_categories").load(apps, None)
    stored = {c.code: c for c in Category.objects.all()}
    assert list(stored) == [row["code"] for row in CATEGORIES]
    for row in CATEGORIES:
        assert {f: getattr(stored[row["code"]], f) for f in row} == row


def test_the_frozen_admin_units_are_the_packages() -> None:
    """A new release of vietnam-provinces (a reorganisation of the units) needs a data migration."""
    frozen = json.loads((SRC / "organisation" / "migrations" / "0002_admin_units.json").read_text(encoding="utf-8"))
    provinces, communes = unit_rows()
    assert frozen["provinces"] == [[p["code"], p["name"], p["division_type"]] for p in provinces]
    assert frozen["communes"] == [[c["code"], c["name"], c["division_type"], c["parent"]] for c in communes]
    assert (len(frozen["provinces"]), len(frozen["communes"])) == (34, 3321)
