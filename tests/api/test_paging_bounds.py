"""Paging values out of range are a JSON 422 naming the field, never a 500 (issue #15.5)."""

from __future__ import annotations

import pytest

from motcua.api.paging import MAX_LIMIT, MAX_OFFSET

HUGE = "99999999999999999999"  # past a 64-bit integer: SQLite said "datatype mismatch" (a 500)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"offset={HUGE}", "offset"),
        (f"offset={MAX_OFFSET + 1}", "offset"),
        ("offset=-1", "offset"),
        (f"limit={HUGE}", "limit"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
    ],
)
def test_out_of_range_paging_is_a_clear_json_error(client, query, field):
    response = client.get(f"/api/v1/procedures?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert field in str(body), body


@pytest.mark.django_db
def test_the_bounds_themselves_are_accepted(client):
    response = client.get(f"/api/v1/procedures?limit={MAX_LIMIT}&offset={MAX_OFFSET}")

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"offset={HUGE}", f"limit={HUGE}", f"limit=-{HUGE}&offset=-{HUGE}"])
def test_published_feedback_clamps_huge_values(client, query):
    response = client.get(f"/api/v1/feedback/published?{query}")

    assert response.status_code == 200
    assert isinstance(response.json(), list)
