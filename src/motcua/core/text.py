"""Vietnamese text helpers."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics, for accent-insensitive search.

    "Đăng ký khai sinh" and "dang ky khai sinh" fold to the same string. Đ/đ has no combining
    mark in Unicode, so it is mapped by hand.
    """
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
