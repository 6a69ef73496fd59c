"""The demo people are one set of people: the e-ID provider peer and the population register agree.

A demo citizen who logs in with e-ID and then prefills a form from the register must see the same
name and birth date (the e-ID peer is JavaScript: its table is read as text).
"""

from __future__ import annotations

import re
from pathlib import Path

from motcua.demo.data import CITIZEN_EID, CITIZENS
from motcua.exchange.simulator import PEOPLE

PEER = Path(__file__).resolve().parents[2] / "src/motcua/accounts/providers/vneid/peer.mjs"
ROW = re.compile(r"'(\d{12})': \{ name: '([^']+)', birthdate: '([\d-]+)'")


def test_the_e_id_people_are_in_the_population_register_with_the_same_name_and_birth_date() -> None:
    people = ROW.findall(PEER.read_text(encoding="utf-8"))
    assert len(people) == 3
    for personal_id, name, birthdate in people:
        assert (PEOPLE[personal_id]["name"], PEOPLE[personal_id]["birth_date"]) == (name, birthdate)


def test_the_demo_citizens_are_e_id_verified_as_the_provider_says() -> None:
    """Logging in with e-ID as a demo citizen opens that citizen's account (not a conflict)."""
    levels = {"urn:vneid:loa:2": 2, "urn:vneid:loa:1": 1}
    text = PEER.read_text(encoding="utf-8")
    for personal_id, (birth_date, level) in CITIZEN_EID.items():
        row = re.search(rf"'{personal_id}': \{{ name: '[^']+', birthdate: '([\d-]+)', acr: '([^']+)'", text)
        assert row is not None, personal_id
        assert (birth_date.isoformat(), level) == (row.group(1), levels[row.group(2)])
    assert set(CITIZEN_EID) == {pid for _user, _name, pid, *_rest in CITIZENS}
