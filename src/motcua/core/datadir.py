"""The data directory (``MOTCUA_DATA_DIR``) and what start-up keeps in it.

Importing the settings creates nothing; :func:`prepare` runs when Django starts (``CoreConfig.ready``,
so in every command, the web server and the worker): it makes the directory and its ``static/``
folder, and, when ``MOTCUA_SECRET_KEY`` is unset, keeps a random key in ``secret_key`` (made once,
by whichever process comes first; every other process reads the same key).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings


def secret_key(path: Path) -> str:
    """Return the key kept in ``path``, first writing a random one (mode 0600) if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)  # atomic: a process that lost the race reads the winner's key
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def prepare() -> None:
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
    if settings.MOTCUA_SECRET_KEY_FILE:
        settings.SECRET_KEY = secret_key(Path(settings.MOTCUA_SECRET_KEY_FILE))
