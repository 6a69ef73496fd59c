"""Dossiers brought through the services to the states the reception's lists show (no process)."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from tests.backoffice.conftest import fresh, in_state
from tests.helpers import as_, pdf_upload, result_record, submit

ENDED = ("ready", "refused", "returned", "withdrawn", "stopped", "not_received")


def ended(world: Any, state: str, **applicant: Any) -> Dossier:
    """Return a T.001 dossier of the commune in ``state``: one of ENDED, or an ``in_state`` state."""
    if state == "not_received":
        d = submit(world, **applicant)
        lifecycle.refuse_at_reception(d.pk, actor=as_(world, "reception"), reasons="Không thuộc thẩm quyền")
        return fresh(d)
    if state == "withdrawn":
        d = submit(world, **applicant)
        lifecycle.withdraw(d.pk, actor=as_(world, "citizen"), reason="Không cần nữa")
        return fresh(d)
    if state not in ("ready", "refused", "returned", "stopped"):
        assert not applicant
        return in_state(world, state)
    d = submit(world, **applicant)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    if state == "stopped":
        lifecycle.stop(d.pk, actor=as_(world, "head"), reason="Người nộp đề nghị dừng")
        return fresh(d)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    if state == "refused":
        lifecycle.refuse(d.pk, actor=as_(world, "head"), reasons="Không đủ điều kiện")
        return fresh(d)
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    if state == "returned":
        lifecycle.return_result(d.pk, actor=as_(world, "reception"))
    return fresh(d)
