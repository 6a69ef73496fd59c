"""The official's dossier page shows the fees and payments, the notices, and the applicant's rating."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.feedback.models import CRITERIA
from motcua.feedback.services.ratings import RatingInput, rate_online
from tests.feedback.conftest import returned_dossier
from tests.helpers import as_


@pytest.mark.django_db
def test_official_sees_payments_and_rating(world: Any) -> None:
    d = returned_dossier(world)
    rate_online(
        d.code,
        actor=as_(world, "citizen"),
        data=RatingInput(
            level="satisfied", criteria={c: "satisfied" for c, _ in CRITERIA}, comment="Cán bộ hướng dẫn tận tình"
        ),
    )
    client = Client()
    client.force_login(world.user("reception"))
    text = client.get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert "Phí, lệ phí và thanh toán" in text
    assert "Đánh giá của người nộp" in text and "Hài lòng" in text and "Cán bộ hướng dẫn tận tình" in text
    other = Client()
    other.force_login(world.user("other_reception"))
    assert other.get(f"/backoffice/ho-so/{d.code}/").status_code == 404
