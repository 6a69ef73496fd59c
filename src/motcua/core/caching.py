"""Per-process copies of small, rarely changed tables that hot paths read on every call.

A ``ProcessCache`` keeps values loaded from the database in the memory of one process (each
gunicorn worker and the worker process has its own). ``watch()`` connects it to the models it is
built from; a change saved through the ORM (admin, services, commands) drops the copies:

- in the saving process at once, and again when the transaction commits;
- in every other process on the same host through a stamp file under ``MOTCUA_DATA_DIR``, whose
  content (a new value at every change) each read compares: a few microseconds, not a query;
- in any case after ``max_age`` seconds, for installs whose processes do not share a data
  directory.

Changes that bypass the ORM's signals (``QuerySet.update``, ``bulk_create``, raw SQL) must call
``invalidate()`` themselves. Use it only for data whose staleness for ``max_age`` seconds in
another host would be tolerable; within one host a change is seen by the next read.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

V = TypeVar("V")
_caches: list[ProcessCache[Any]] = []


class ProcessCache(Generic[V]):
    def __init__(self, name: str, load: Callable[[Hashable], V], *, max_age: float = 60.0) -> None:
        self.name, self.load, self.max_age = name, load, max_age
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._stamp: bytes | None = None
        self._lock = threading.Lock()
        _caches.append(self)

    def _stamp_path(self) -> Path:
        return Path(settings.DATA_DIR) / "cache-stamps" / self.name

    def _current_stamp(self) -> bytes:
        # On every read of the cache, so plain os calls: no Path objects on the hot path.
        try:
            with open(os.path.join(settings.DATA_DIR, "cache-stamps", self.name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def get(self, key: Hashable) -> V:
        """Return the value for ``key``, loading it when absent, stale or older than ``max_age``."""
        stamp = self._current_stamp()
        now = time.monotonic()
        with self._lock:
            if stamp != self._stamp:
                self._values.clear()
                self._stamp = stamp
            hit = self._values.get(key)
            if hit is not None and now - hit[0] < self.max_age:
                return hit[1]
        value = self.load(key)
        with self._lock:
            if self._stamp == stamp:
                self._values[key] = (now, value)
        return value

    def clear(self) -> None:
        """Drop this process's copies."""
        with self._lock:
            self._values.clear()

    def invalidate(self) -> None:
        """Drop the copies in this process now and in the others (stamp file), again after commit."""
        self._touch()
        transaction.on_commit(self._touch)

    def _touch(self) -> None:
        self.clear()
        path = self._stamp_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(f"{time.time_ns()}-{id(tmp)}")  # a new value at every change
        tmp.replace(path)  # readers see the old or the new stamp, never a partial one


def watch(cache: ProcessCache[Any], *models: type) -> None:
    """Invalidate ``cache`` whenever an instance of one of ``models`` is saved or deleted."""

    def changed(sender: type, **kwargs: Any) -> None:
        cache.invalidate()

    for model in models:
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{cache.name}:{model.__name__}:save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{cache.name}:{model.__name__}:delete")


def watch_m2m(cache: ProcessCache[Any], *through_models: type) -> None:
    """Invalidate ``cache`` whenever rows are added to or removed from a many-to-many relation."""

    def changed(sender: type, action: str, **kwargs: Any) -> None:
        if action.startswith("post_"):
            cache.invalidate()

    for through in through_models:
        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"{cache.name}:{through.__name__}:m2m")


def clear_all() -> None:
    """Drop every cache's copies in this process (tests: ids are reused between tests)."""
    for cache in _caches:
        cache.clear()
