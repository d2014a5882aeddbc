"""People's names: whether a reading looks like a Chinese name, and names mended across
the packet's documents.

A Chinese name starts with a surname, and some 410 surnames name over 99 % of people
(``data/surnames.txt``). OCR's misreadings of a name, or the wrong cell taken for one,
mostly do not: 出后, 一一, 统一社, 店超洋 (for 唐超洋). A reading without a known surname is
kept (minority and foreign names exist) but trusted less, so it is neither compared
across documents nor taken for a name where no label says so.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from claimdocs.model import Document
from claimdocs.settings import PACKAGE_DIR

SURNAMES_FILE = PACKAGE_DIR / "data" / "surnames.txt"
# How much a name's confidence keeps when it does not start with a known surname.
UNKNOWN_SURNAME_WEIGHT = 0.5


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames) from the data file."""
    single, compound = set(), set()
    for line in SURNAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if len(words) == 1:
            single.update(words[0])  # a run of single-character surnames
        else:
            compound.update(words)
    return frozenset(single), frozenset(compound)


def has_surname(name: str | None) -> bool:
    """True when ``name`` starts with a known surname and has a given name after it."""
    if not name or len(name) < 2:
        return False
    single, compound = _surnames()
    if name[:2] in compound:
        return len(name) >= 3
    return name[0] in single


def without_stray_start(name: str) -> str:
    """A name with one stray character read before it (a box, a seal's edge): 克刘形算 is
    刘形算 when 克 is no surname and 刘 is. Otherwise the name unchanged."""
    if len(name) >= 3 and not has_surname(name) and has_surname(name[1:]):
        return name[1:]
    return name


def name_confidence(name: str | None, confidence: float) -> float:
    """The confidence a name reading deserves: less without a known surname."""
    return confidence if has_surname(name) else confidence * UNKNOWN_SURNAME_WEIGHT


def mend_surnames(documents: Sequence[Document]) -> list[Document]:
    """Names whose first character is no surname, mended from another document.

    When another document of the packet names someone whose name differs only in that
    first character, and starts with a known surname, the surname was misread (店超洋 and
    唐超洋): the other reading is taken. A name that starts with a known surname is never
    changed, so two real people (张伟 and 张玮) stay two people.
    """
    sure = [doc.fields["name"] for doc in documents if has_surname(doc.fields.get("name"))]
    mended = []
    for doc in documents:
        name = doc.fields.get("name")
        if name and not has_surname(name):
            twins = {other for other in sure if len(other) == len(name) and other[1:] == name[1:]}
            if len(twins) == 1:
                fields = {**doc.fields, "name": twins.pop()}
                doc = replace(doc, fields=fields)
        mended.append(doc)
    return mended
