"""Limit/offset paging of the API lists, with bounds.

ninja's ``LimitOffsetPagination`` takes any integer: a huge ``offset`` overflows the database's
integer (SQLite: "datatype mismatch", a 500) and a huge ``limit`` reads a whole table. Here both
are bounded, so a value out of range is a 422 with the field named, like every other bad query.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500  # rows a page may have
MAX_OFFSET = 1_000_000_000  # well inside a 64-bit (PostgreSQL) and SQLite integer with the limit added
DEFAULT_LIMIT = 100  # ninja's default page size, kept


class Paging(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số dòng một trang (1–{MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu dòng đầu.")
