"""Checks of contact data shared by every form: Vietnamese phone numbers, e-mail addresses, names.

One rule for the applicant (dossiers/services/applicants.py), the declaration fields
(catalogue/form_schema.py) and citizen registration (accounts/services.py).

Phone numbers follow the national numbering plan (quy hoạch kho số viễn thông of the Ministry of
Information and Communications; 11-digit mobile numbers moved to 10 digits in 2018, landline area
codes changed in 2017): a mobile number is 0 + 9 digits starting 3, 5, 7, 8 or 9; a landline is
02 + a 1–2-digit area code + the subscriber number, 11 digits in all. ``+84`` may stand for the
leading 0.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
MOBILE_RE = re.compile(r"^0[35789]\d{8}$")
LANDLINE_RE = re.compile(r"^02\d{9}$")
# Characters that start markup or scripts; never part of a person's or a body's name.
MARKUP_RE = re.compile(r"[<>{}\[\]\\`|^~=;\"]|&#|&[a-zA-Z]+;")
# A person's name: letters (any script, with diacritics), separated by spaces, apostrophes
# (H'Mông names: "H'Hen Niê"), hyphens or dots.
PERSON_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?$")


def compact_phone(text: str) -> str:
    """Return ``text`` without the separators people type (spaces, dots, hyphens, brackets)."""
    return PHONE_SEPARATORS.sub("", text or "")


def is_vn_phone(compact: str) -> bool:
    """Whether ``compact`` (see ``compact_phone``) is a Vietnamese mobile or landline number."""
    national = "0" + compact[3:] if compact.startswith("+84") else compact
    return bool(MOBILE_RE.match(national) or LANDLINE_RE.match(national))


def is_email(text: str) -> bool:
    try:
        validate_email(text)
    except DjangoValidationError:
        return False
    return True


def has_markup(text: str) -> bool:
    """Whether ``text`` holds characters of markup or scripts (``<``, ``>``, ``&lt;``, ``{`` …)."""
    return bool(MARKUP_RE.search(text or ""))


def is_person_name(text: str) -> bool:
    """Whether ``text`` looks like a person's name: letters and the separators names use, no digits."""
    return bool(PERSON_NAME_RE.match(" ".join((text or "").split())))
