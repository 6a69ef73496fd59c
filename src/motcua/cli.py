"""The ``motcua`` console command: Django's management commands under one name.

``motcua up`` starts everything, ``motcua calendar ...``, ``motcua token create ...`` and the other
project commands are Django management commands in the domain apps.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["motcua", *args])
    return 0
