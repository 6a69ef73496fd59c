"""The demo citizen's store holds a birth certificate that the residence registration may take."""

from __future__ import annotations

from typing import Any

import magic
import pytest

from motcua.datastore import selectors
from motcua.datastore.demo import load_demo_items
from motcua.datastore.services import store

pytestmark = pytest.mark.django_db


def test_the_birth_certificate_is_offered_for_the_proof_of_kinship(world: Any) -> None:
    citizen = world.user("citizen")
    birth, card = load_demo_items(citizen)
    assert magic.from_buffer(birth.file.read(), mime=True) == "application/pdf"
    assert (birth.title, birth.document_code) == ("Giấy khai sinh", "giay-khai-sinh")
    # Đăng ký thường trú (1.004222): "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ"
    assert selectors.usable_items(citizen, "quan-he-nhan-than") == [birth]
    assert store.check_pick(citizen, "quan-he-nhan-than", birth.pk) == birth
    assert selectors.usable_items(citizen, "giay-to-tuy-than") == [card]  # Phiếu lý lịch tư pháp (3.000333)
    assert selectors.usable_items(world.user("other_citizen"), "quan-he-nhan-than") == []
