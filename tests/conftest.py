"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when DATABASE_URL says so.

``world`` builds a small province through the real services: two communes and a department,
their officials with one role each, two citizens and two test procedures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.services.importing import import_catalogue
from motcua.core import clock
from motcua.organisation.models import Agency
from motcua.organisation.services import agency_create, receiving_point_create, role_grant
from tests.helpers import CATALOGUE, make_user
from tests.peers import Pool


@dataclass
class World:
    commune: Agency
    other_commune: Agency
    department: Agency
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def world(db: Any) -> World:
    admin = make_user("admin")
    commune = agency_create(
        code="H26.101", name="Ủy ban nhân dân Phường Hoàn Kiếm", level="commune", valid_from=date(2025, 7, 1)
    )
    other = agency_create(code="H26.102", name="Ủy ban nhân dân Phường Cửa Nam", level="commune")
    dept = agency_create(code="H26.24", name="Sở Tư pháp", level="department")
    receiving_point_create(name="Bộ phận Một cửa Hoàn Kiếm", agency=commune, serves=[commune])
    users = {"admin": admin}
    for name, agency, role in [
        ("reception", commune, "reception"),
        ("specialist", commune, "specialist"),
        ("head", commune, "head"),
        ("clerk", commune, "clerk"),
        ("other_reception", other, "reception"),
        ("other_head", other, "head"),
        ("dept_head", dept, "head"),
        ("dept_specialist", dept, "specialist"),
        ("dept_clerk", dept, "clerk"),
        ("dept_reception", dept, "reception"),
    ]:
        users[name] = make_user(name, full_name=name.replace("_", " ").title())
        role_grant(user=users[name], agency=agency, role=role)
    users["citizen"] = make_user(
        "citizen", kind="citizen", full_name="Nguyễn Thị Hằng", personal_id="001190012345", phone="0912345678"
    )
    users["other_citizen"] = make_user(
        "other_citizen", kind="citizen", full_name="Lê Văn Khách", personal_id="079085054321"
    )
    import_catalogue(CATALOGUE)
    return World(commune=commune, other_commune=other, department=dept, users=users)


@pytest.fixture
def frozen() -> Any:
    """Freeze the application clock; call the returned function to move it."""

    def move(moment: datetime) -> None:
        clock.freeze(moment.astimezone(clock.VN_TZ) if moment.tzinfo else moment.replace(tzinfo=clock.VN_TZ))

    yield move
    clock.freeze(None)


@pytest.fixture(scope="session")
def peer_pool() -> Iterator[Pool]:
    """The local peers shared by the session's tests (tests/peers.py ``Pool``), stopped at its end."""
    pool = Pool()
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design; tests that create many users use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Any:
    """Per-process caches (core.caching) keyed by ids: a rolled-back test may reuse the ids."""
    from motcua.core.caching import clear_all

    clear_all()
    yield
    clear_all()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests (and the browser tests' live server) run after the plain database tests.

    pytest-django orders them so, but pytest's own grouping by Playwright's session-scoped
    ``browser_name`` parameter runs later and moved browser tests, whose flush empties the seeded
    rows (templates, administrative units), before database tests that read those rows.
    A stable re-sort keeps every other order as it was.
    """

    def rank(item: pytest.Item) -> int:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        if "live_server" in fixtures or "transactional_db" in fixtures:
            return 1
        if marker is not None:
            return 1 if marker.kwargs.get("transaction") else 0
        return 0 if "db" in fixtures else 2

    items.sort(key=rank)
