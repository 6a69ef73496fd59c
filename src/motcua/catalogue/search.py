"""Find procedures by the words of their code, name, field, result or common phrasings, ignoring accents.

``Procedure.search_text`` holds ``index_text``: the folded code, name, field name and result
name(s) of the procedure, followed by the synonyms of every group of ``data/synonyms.json`` whose
terms it contains (written by the import service). The query is folded the same way and every
word is matched with a plain ``icontains`` of the word between spaces: the same SQL on SQLite and
PostgreSQL, no full-text extension needed.

Folding for search also spells the syllables that Vietnamese write with either i or y after a
consonant one way ("ký"/"kí", "lý"/"lí", "mỹ"/"mĩ": both become ``ki``, ``li``, ``mi``), so
"dang ki khai sinh" finds "Đăng ký khai sinh". Filler phrases of a question ("thủ tục", "làm",
"như thế nào" …, the file's ``stop_phrases``) are dropped from a query when other words remain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from motcua.catalogue.models import Procedure
from motcua.core.text import fold

MAX_WORDS = 12  # a longer query is cut: each word adds one LIKE to the WHERE clause
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"
# A syllable of one consonant onset and a final i/y: "ky", "ly", "my", "hy", "ty", "sy" …
# ("quy", "thuy" keep their y: there it is part of the vowel "uy").
_I_OR_Y = re.compile(r"\b(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)y\b")
# Punctuation becomes a space, except a dot inside a code ("1.001193").
_PUNCTUATION = re.compile(r"[^\w\s.]|_|(?<!\w)\.|\.(?!\w)")


def search_fold(text: str) -> str:
    """Fold ``text`` for search: no accents, lower case, no punctuation, and the i/y spelling made one."""
    return " ".join(_I_OR_Y.sub(r"\1i", _PUNCTUATION.sub(" ", fold(text))).split())


def _fold_keeping_breaks(text: str) -> str:
    """``search_fold`` for the index: punctuation becomes " | ", so a phrase never spans two clauses."""
    marked = _I_OR_Y.sub(r"\1i", _PUNCTUATION.sub(" | ", fold(text)))
    return re.sub(r"(?:\s*\|\s*)+", " | ", " ".join(marked.split())).strip(" |")


@dataclass(frozen=True)
class Synonyms:
    stop_phrases: tuple[str, ...]
    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (folded terms, folded synonyms)


@cache
def synonyms() -> Synonyms:
    """The synonym table (``data/synonyms.json``), folded; read once per process."""
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    return Synonyms(
        stop_phrases=tuple(sorted((search_fold(p) for p in data["stop_phrases"]), key=len, reverse=True)),
        groups=tuple(
            (tuple(search_fold(t) for t in g["terms"]), tuple(search_fold(s) for s in g["synonyms"]))
            for g in data["groups"]
        ),
    )


def _contains_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def index_text(code: str, name: str, field_name: str, result_type: str = "") -> str:
    """Return ``Procedure.search_text``: folded code, name, field and result, then the matching synonyms."""
    base = " | ".join(
        part
        for part in (
            _fold_keeping_breaks(code),
            _fold_keeping_breaks(name),
            _fold_keeping_breaks(field_name),
            _fold_keeping_breaks(result_type),
        )
        if part
    )
    extra: list[str] = []
    for terms, words in synonyms().groups:
        if any(_contains_phrase(base, term) for term in terms):
            extra.extend(w for w in words if w not in extra)
    # Spaces around, so that a word can be matched whole (" ky ") or as the start of a word (" kha").
    return f" {' | '.join([base, *extra])} "


def query_phrase(query: str) -> str:
    """Return the folded query without its filler phrases (unless nothing else would remain)."""
    phrase = search_fold(query or "")
    stripped = f" {phrase} "
    for stop in synonyms().stop_phrases:
        stripped = stripped.replace(f" {stop} ", " ")
    stripped = " ".join(stripped.split())
    return stripped or phrase


def search_procedures(query: str, *, field_code: str | None = None, level: str | None = None) -> QuerySet[Procedure]:
    """Return active procedures whose search text contains every word of ``query``.

    Words match whole and in any order (the last may be the start of a word), without regard to
    accents, case or i/y ("dang ki khai sinh" finds "Đăng ký khai sinh"); the result's name and
    the synonym table count ("giay khai sinh", "nhap ho khau"). Ranking: the exact code first, then
    procedures containing the whole query as a phrase, then the rest; within a rank shorter
    names first, then by code. An empty query
    returns every active procedure. ``field_code`` and ``level`` (an ``Agency.Level`` value of the
    current version) narrow the result.
    """
    phrase = query_phrase(query)
    words = list(dict.fromkeys(phrase.split()))[:MAX_WORDS]
    if not words and (query or "").strip():
        return Procedure.objects.none()  # only punctuation ("%", "_"): nothing to look for
    qs = Procedure.objects.filter(active=True, current_version__isnull=False)
    for i, word in enumerate(words):
        # Whole words, but the last one may be the start of a word still being typed ("khai si").
        qs = qs.filter(search_text__icontains=f" {word} " if i < len(words) - 1 else f" {word}")
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
