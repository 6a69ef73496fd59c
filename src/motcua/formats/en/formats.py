"""English page formats: the Vietnamese dates (dd/mm/yyyy), English number separators."""

from motcua.formats.common import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
