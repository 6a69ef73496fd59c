"""The import contracts of ARCHITECTURE.md (.importlinter) hold, so a test run catches what CI's lint does."""

from __future__ import annotations

import configparser
from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"


def test_the_tree_keeps_every_import_contract() -> None:
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == EXIT_STATUS_SUCCESS


def test_the_contracts_named_in_architecture_md_are_there() -> None:
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    contracts = {name.removeprefix("importlinter:contract:") for name in parser.sections() if ":contract:" in name}
    assert contracts == {"layers", "dossiers-below", "forms-pure", "calendars-no-dossiers", "core-no-app"}
