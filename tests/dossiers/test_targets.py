"""Submissions read the procedure, body, document list and receiving point from per-process caches;
an edit through the ORM or the admin (many-to-many lists included) is seen by the next submission."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.catalogue.models import DocumentRequirement, Procedure
from motcua.core.errors import ValidationError
from motcua.organisation.models import Agency, ReceivingPoint
from tests.helpers import submit


@pytest.mark.django_db
def test_edits_of_the_catalogue_reach_the_next_submission(world: Any) -> None:
    first = submit(world)  # fills the caches
    assert first.receiving_agency.code == "H26.101"
    version = Procedure.objects.get(code="T.001").current_version
    assert version is not None

    version.agencies.add(Agency.objects.get(code="H26.102"))  # now only the listed body is competent
    with pytest.raises(ValidationError) as refused:
        submit(world)
    assert refused.value.code == "agency_not_competent"
    version.agencies.clear()
    submit(world)

    DocumentRequirement.objects.filter(version=version, code="TP2").update(required=True)
    DocumentRequirement.objects.get(version=version, code="TP2").save()  # an admin edit sends the signal
    with pytest.raises(ValidationError) as missing:
        submit(world)
    assert missing.value.code == "invalid_documents" and "TP2" in missing.value.details["documents"]

    Procedure.objects.filter(code="T.001").update(active=False)
    Procedure.objects.get(code="T.001").save()
    with pytest.raises(ValidationError) as unknown:
        submit(world)
    assert unknown.value.code == "unknown_procedure"


@pytest.mark.django_db
def test_a_new_receiving_point_serves_the_next_submission(world: Any) -> None:
    before = submit(world).receiving_point
    assert before is not None
    before.serves.clear()
    point = ReceivingPoint.objects.create(name="Bộ phận Một cửa liên thông", agency=world.department)
    point.serves.add(world.commune)  # a point that serves the body comes before the body's own
    after = submit(world).receiving_point
    assert after is not None and after.pk == point.pk != before.pk
