"""The README's Quick start: two commands, and how to run on another port."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def quick_start() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_exactly_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", quick_start(), flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["python3 dev.py up", "python3 dev.py test"]


def test_quick_start_says_how_to_change_the_port() -> None:
    section = quick_start()
    assert "python3 dev.py up --port" in section
    assert "MOTCUA_PUBLIC_URL" in section and "--sim-port" in section
