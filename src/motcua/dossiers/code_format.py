"""The dossier code (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19: its one format.

``<receiving agency code>-<YYMMDD>-<NNNN>``: the agency's electronic identifier code (Decision
20/2020/QĐ-TTg, ``organisation.agency_codes``), the local day (Asia/Ho_Chi_Minh) the number was
taken, and the running number of that agency and day, at least four digits. Everything that
writes, reads or looks for a code uses this module: the numbering (``services/codes.py``, whose
PostgreSQL statement formats the number with ``number_sql``), the demo generator, the forms that
print the register entry, and the tracking by text message.
"""

from __future__ import annotations

import re
from datetime import date

DAY_FORMAT = "%y%m%d"
NUMBER_DIGITS = 4  # more when an agency takes more than 9,999 numbers on one day
EXAMPLE = "H26.101-261123-0001"

# A code written inside a text (an SMS, a chat message), upper-cased with the spaces around its
# dashes removed: an agency code of up to seven dot-separated groups (current and legacy forms),
# the day, the running number.
IN_TEXT = re.compile(r"(?<![0-9A-Z.])([0-9A-Z]{1,12}(?:\.[0-9A-Z]{1,12}){0,6}-\d{6}-\d{4,10})(?![0-9])")


def prefix(agency_code: str, day: date) -> str:
    """The code up to its running number: ``H26.101-261123-``."""
    return f"{agency_code}-{day:{DAY_FORMAT}}-"


def format_code(agency_code: str, day: date, number: int) -> str:
    """The code of the ``number``-th dossier of ``agency_code`` on ``day``."""
    return f"{prefix(agency_code, day)}{number:0{NUMBER_DIGITS}d}"


def number_sql(expression: str) -> str:
    """PostgreSQL: the running number ``expression`` (an integer) as ``format_code`` writes it."""
    text = f"({expression})::text"
    return f"lpad({text}, greatest({NUMBER_DIGITS}, length({text})), '0')"


def running_number(code: str) -> str:
    """The running number of a code as written (``"0001"``): the entry in the reception register."""
    return code.rsplit("-", 1)[-1]
