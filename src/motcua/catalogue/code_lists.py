"""National code lists that a declaration field can draw its choices from (``code_list`` in a field spec).

Each list is a data file of this app (``data/<file>.json``: ``{"list", "source", "items": [{"code",
"name"}]}``), read once per process:
- ``ethnicity`` (dân tộc): the 54 ethnic groups of the General Statistics Office's list, Decision
  121-TCTK/PPCĐ of 2 March 1979, codes 01–54;
- ``nationality`` (quốc tịch): the ISO 3166-1 countries with their Vietnamese names, Việt Nam first;
- ``document_type`` (danh mục loại giấy tờ): the common papers a dossier carries, the type a
  digitised document (số hóa, ``dossiers.models.Digitisation``) records. The codes are MotCua's own:
  the national public service portal's code list of document types could not be checked offline
  (the file's ``source`` says so); replace the codes, keeping the names, once it is.

A field stores the item's name (what the paper form shows), not its code; a digitisation stores the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FILES = {"ethnicity": "ethnicities.json", "nationality": "countries.json", "document_type": "document_types.json"}
DOCUMENT_TYPES = "document_type"
CODE_LISTS = tuple(FILES)


@dataclass(frozen=True)
class CodeList:
    code: str
    source: str
    items: tuple[tuple[str, str], ...]  # (code, name), in display order

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for _code, name in self.items)


@cache
def code_list(code: str) -> CodeList:
    """Return the code list ``code`` (one of ``CODE_LISTS``); ``KeyError`` for an unknown one."""
    data = json.loads((DATA / FILES[code]).read_text(encoding="utf-8"))
    return CodeList(
        code=code, source=data["source"], items=tuple((item["code"], item["name"]) for item in data["items"])
    )


@cache
def names_of(code: str) -> frozenset[str]:
    """The names a field drawing on list ``code`` accepts."""
    return frozenset(code_list(code).names)


def document_types() -> tuple[tuple[str, str], ...]:
    """The document types (loại giấy tờ) as (code, name), in display order."""
    return code_list(DOCUMENT_TYPES).items


def document_type_name(code: str) -> str | None:
    """The name of the document type ``code``, or None when the list has no such code."""
    return dict(code_list(DOCUMENT_TYPES).items).get(code)
