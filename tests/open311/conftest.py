from typing import Any

import pytest

from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category


@pytest.fixture
def categories(db: Any) -> None:
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
