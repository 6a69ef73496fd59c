"""Every function-local import of a ``motcua`` module says why (#12 point 5, ARCHITECTURE.md).

An import inside a function hides a cycle or defers a cost; a reader must see which. The reason
is a comment on the line above the import (or above the block of imports it belongs to), or on
the import's own line.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "motcua"


def _local_imports(tree: ast.AST) -> list[ast.ImportFrom | ast.Import]:
    found: list[ast.ImportFrom | ast.Import] = []
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if _of_motcua(node):
                    found.append(node)  # type: ignore[arg-type]
    return found


def _of_motcua(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").startswith("motcua")
    return isinstance(node, ast.Import) and any(a.name.startswith("motcua") for a in node.names)


def _explained(lines: list[str], lineno: int) -> bool:
    index = lineno - 1
    if "#" in lines[index]:
        return True
    while index > 0:
        above = lines[index - 1].strip()
        if above.startswith("#"):
            return True
        if not (above.startswith(("from ", "import ")) or above.endswith(",") or above in {")", ""}):
            return False
        index -= 1
    return False


def test_every_function_local_import_of_motcua_says_why() -> None:
    unexplained = []
    count = 0
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in _local_imports(ast.parse(text)):
            count += 1
            if not _explained(lines, node.lineno):
                unexplained.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert count > 0  # the walk finds them (28 in December 2026, 55 before #12)
    assert unexplained == [], "a function-local import needs its reason in a comment above it"
