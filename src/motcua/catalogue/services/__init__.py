"""Services of the procedure catalogue: the only code that writes its models.

Import and export use the exchange format ``motcua.catalogue/1`` (docs/catalogue-format.md).
"""

from __future__ import annotations

from pathlib import Path

from motcua.catalogue.services.exporting import export_catalogue, procedure_entry, version_content
from motcua.catalogue.services.importing import ImportReport, import_catalogue, search_text_for
from motcua.catalogue.services.schema import FORMAT, CatalogueError, parse_catalogue

DEMO_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "procedures.json"

__all__ = [
    "DEMO_CATALOGUE",
    "FORMAT",
    "CatalogueError",
    "ImportReport",
    "export_catalogue",
    "import_catalogue",
    "parse_catalogue",
    "procedure_entry",
    "search_text_for",
    "version_content",
]
