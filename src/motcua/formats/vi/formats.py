"""Vietnamese page formats: dates dd/mm/yyyy, 1.250.000 and 2,5."""

from motcua.formats.common import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
