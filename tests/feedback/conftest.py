"""Fixtures of the feedback tests: the categories, and dossiers taken to "returned"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category
from tests.helpers import as_, pdf_upload, result_record, submit


@pytest.fixture
def categories(db: Any) -> None:
    """The installed categories (a data migration; recreated in case a transactional test flushed them)."""
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+07:00")


def returned_dossier(
    world: Any,
    *,
    user: str = "citizen",
    procedure: str = "T.001",
    assignee: str = "specialist",
    agency: str = "H26.101",
) -> Any:
    """Submit, receive, assign, approve, issue and return a dossier through the services."""
    extra: dict[str, Any] = {"form_data": {}, "files": {"A": [pdf_upload()]}} if procedure == "T.002" else {}
    d = submit(world, user=user, procedure=procedure, agency=agency, **extra)
    prefix = "" if agency == "H26.101" else "other_"
    lifecycle.receive(d.pk, actor=as_(world, f"{prefix}reception"))
    if agency == "H26.101":
        lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username=assignee)
        lifecycle.approve(d.pk, actor=as_(world, "head"))
        upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("kq.pdf"))
        lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    else:
        raise AssertionError("only H26.101 has a full staff in the world fixture")
    return lifecycle.return_result(d.pk, actor=as_(world, f"{prefix}reception"))
