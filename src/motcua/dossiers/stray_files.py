"""Files no document names: what a process killed inside an upload's transaction left behind.

A failed transaction deletes the files it wrote (``services/documents.py``, ``submission``), but a
process killed between writing a file and committing cannot: its transaction rolls back, the file
stays. Once a day the worker deletes the files under ``dossiers/`` that no ``DossierDocument``
(nor a ``Digitisation``'s sealed copy) names and that are older than any transaction (``GRACE``),
so a file of an upload still in progress is never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from motcua.core import clock, ticks
from motcua.dossiers.models import Digitisation, DossierDocument

log = logging.getLogger(__name__)

GRACE = timedelta(hours=1)
TOP = "dossiers"


def remove_stray_files(*, older_than: timedelta = GRACE) -> int:
    """Delete the unnamed files older than ``older_than``; return how many."""
    storage = DossierDocument._meta.get_field("file").storage
    cutoff = clock.now() - older_than
    removed = 0
    for folder in _folders(storage, TOP):
        paths = [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
        if not paths:
            continue
        named = set(DossierDocument.objects.filter(file__in=paths).values_list("file", flat=True))
        named |= set(Digitisation.objects.filter(sealed_file__in=paths).values_list("sealed_file", flat=True))
        for path in paths:
            if path not in named and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                log.info("removed stray file %s", path)
                removed += 1
    return removed


def _folders(storage: Any, top: str) -> Iterator[str]:
    if not storage.exists(top):
        return
    yield top
    for sub in storage.listdir(top)[0]:
        yield from _folders(storage, f"{top}/{sub}")


@ticks.tick(24 * 3600)
def remove_stray_files_daily() -> None:
    remove_stray_files()
