"""Resident identity numbers (GB 11643-1999), domain.md section 3 "Identity numbers"."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"[1-9]\d{16}[\dXx]")


def check_character(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


# The provinces of GB/T 2260, whose codes open every region code: an ID number opening
# otherwise (30…, 19…) is a misreading, whatever its check character says (one in eleven
# misreadings passes it: 304122197205243429 for 330122197205243295 on a 1-bit scan).
PROVINCES = frozenset({"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
                       "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                       "65", "71", "81", "82"})


def is_valid_id_number(number: str) -> bool:
    """True when ``number`` is 18 characters opening with a province's code, with a real
    birth date and a correct check."""
    if not ID_PATTERN.fullmatch(number) or number[:2] not in PROVINCES or birth_date_of(number) is None:
        return False
    return check_character(number[:17]) == number[17].upper()


def birth_date_of(number: str) -> date | None:
    """The birth date an ID number holds (characters 7 to 14), if it is a real date."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if born.year >= 1900 else None


def mask_id_number(number: str | None) -> str:
    """The ID number with its middle hidden, for logs and messages: 2101**********3411."""
    if not number:
        return ""
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:]
