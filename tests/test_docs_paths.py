"""The documents for maintainers name files that exist: a moved or renamed module fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "motcua"
DOCUMENTS = ["ARCHITECTURE.md", "CONTRIBUTING.md", "docs/domain.md", "docs/integrations.md"]
# `dossiers/services/lifecycle.py`, `tests/e2e/pages.py`, `web/_language_switch.html`,
# `dossiers/statuses.py::TRANSITIONS`; not patterns such as `<app>/services.py`.
PATH = re.compile(r"`((?:[a-z_0-9]+/)+[a-z_0-9.]+\.(?:py|html|md|json|png|toml))(?:::[\w.()]+)?`")


def exists(path: str) -> bool:
    if (ROOT / path).exists() or (SRC / path).exists():
        return True
    app, _, rest = path.partition("/")
    return path.endswith(".html") and (SRC / app / "templates" / app / rest).exists()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_a_document_names_exists(document: str) -> None:
    paths = PATH.findall((ROOT / document).read_text(encoding="utf-8"))
    assert paths
    assert [p for p in paths if not exists(p)] == []
