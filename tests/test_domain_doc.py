"""docs/domain.md is the legal model the code cites: every citation names a section that exists.

The paths it names are checked with the other maintainers' documents (tests/test_docs_paths.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "domain.md"
# "domain.md §9", "docs/domain.md section 5", "domain.md §3, §5"
CITATION = re.compile(r"domain\.md,?\s+(?:§\s*|section\s+)(\d+)((?:\s*(?:,|and)\s*§?\s*\d+)*)")
SECTION = re.compile(r"^## (\d+)\. ", re.MULTILINE)


def citations() -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for folder in ("src", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue
            text = path.read_text(encoding="utf-8")
            for match in CITATION.finditer(text):
                numbers = [match.group(1), *re.findall(r"\d+", match.group(2))]
                where = f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
                found.extend((where, int(n)) for n in numbers)
    return found


def test_every_citation_of_domain_md_names_a_section_that_exists() -> None:
    sections = {int(n) for n in SECTION.findall(DOC.read_text(encoding="utf-8"))}
    found = citations()
    assert len(found) >= 15  # the code cites the model this often today; fewer means the pattern broke
    missing = [(where, n) for where, n in found if n not in sections]
    assert missing == []


def test_sections_are_numbered_without_gaps() -> None:
    numbers = [int(n) for n in SECTION.findall(DOC.read_text(encoding="utf-8"))]
    assert numbers == list(range(1, len(numbers) + 1))
