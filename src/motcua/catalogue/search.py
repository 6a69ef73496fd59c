"""Find procedures by words of their code, name or field, ignoring accents and case.

``Procedure.search_text`` holds ``fold(code + " " + name + " " + field name)`` (written by the
import service), so the query is folded the same way and every word is matched with a plain
``icontains``: the same SQL on SQLite and PostgreSQL, no full-text extension needed.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from motcua.catalogue.models import Procedure
from motcua.core.text import fold

MAX_WORDS = 12  # a longer query is cut: each word adds one LIKE to the WHERE clause


def search_procedures(query: str, *, field_code: str | None = None, level: str | None = None) -> QuerySet[Procedure]:
    """Return active procedures whose code, name or field contain every word of ``query``.

    Words match in any order, without regard to accents or case ("dang ky khai sinh" finds
    "Đăng ký khai sinh"). Ranking: the exact code first, then procedures containing the whole
    query as a phrase, then the rest; within a rank shorter names first, then by code. An empty
    query returns every active procedure. ``field_code`` and ``level`` (an ``Agency.Level``
    value of the current version) narrow the result.
    """
    phrase = fold(query or "")
    words = list(dict.fromkeys(phrase.split()))[:MAX_WORDS]
    qs = Procedure.objects.filter(active=True, current_version__isnull=False)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if level:
        qs = qs.filter(current_version__implementing_level=level)
    qs = qs.select_related("field", "current_version")
    if not words:
        return qs.order_by("code")
    rank = Case(
        When(Q(code__iexact=query.strip()), then=Value(0)),
        When(Q(search_text__icontains=phrase), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(search_rank=rank).order_by("search_rank", Length("name"), "code")
