"""Lint every migration with django-migration-linter (a test extra); its options are in pyproject.toml.

    .venv/bin/python .ci/lint_migrations.py [lintmigrations options]

The linter is a Django app (its ``lintmigrations`` command); it is added here, for this run only,
so that the installed application does not depend on a test tool. It reads the SQL of each
migration through ``sqlmigrate`` on the configured database (SQLite, or ``DATABASE_URL``).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import logging  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_migration_linter"]
django.setup()
logging.getLogger("django_migration_linter").setLevel(logging.WARNING)  # not one line per sqlmigrate call
call_command("lintmigrations", *sys.argv[1:])
