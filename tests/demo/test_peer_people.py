"""The demo people are one set of people: the e-ID provider peer and the population register agree.

A demo citizen who logs in with e-ID and then prefills a form from the register must see the same
name and birth date (the e-ID peer is JavaScript: its table is read as text).
"""

from __future__ import annotations

import re
from pathlib import Path

from motcua.exchange.simulator import PEOPLE

PEER = Path(__file__).resolve().parents[2] / "src/motcua/accounts/providers/vneid/peer.mjs"
ROW = re.compile(r"'(\d{12})': \{ name: '([^']+)', birthdate: '([\d-]+)'")


def test_the_e_id_people_are_in_the_population_register_with_the_same_name_and_birth_date() -> None:
    people = ROW.findall(PEER.read_text(encoding="utf-8"))
    assert len(people) == 3
    for personal_id, name, birthdate in people:
        assert (PEOPLE[personal_id]["name"], PEOPLE[personal_id]["birth_date"]) == (name, birthdate)
