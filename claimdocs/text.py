"""Small text helpers shared by the reading stages: normalisation and fuzzy matching."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Characters OCR and typists put between a label and its value, or inside names.
_PUNCT = re.compile(r"[\s:：;；,，。.、·•()（）\[\]【】<>《》\"'“”‘’|｜_\-—~～*]")


def normalise(text: str) -> str:
    """Return ``text`` in NFKC form (full-width digits and colons to ASCII) without spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def strip_punct(text: str) -> str:
    """Return ``text`` normalised and without punctuation, for comparing names and titles."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def best_substring_distance(pattern: str, text: str) -> tuple[int, int]:
    """Smallest edit distance between ``pattern`` and any substring of ``text``.

    Returns (distance, end index in ``text`` of the best match). This is Sellers'
    algorithm: a Levenshtein table whose first row is all zeros, so a match may start
    anywhere in ``text``.
    """
    if not pattern:
        return 0, 0
    best, best_end = len(pattern), 0
    column = list(range(len(pattern) + 1))
    for j, ct in enumerate(text, 1):
        diagonal, column[0] = column[0], 0
        for i, cp in enumerate(pattern, 1):
            above = column[i]
            column[i] = min(column[i] + 1, column[i - 1] + 1, diagonal + (cp != ct))
            diagonal = above
        if column[-1] < best:
            best, best_end = column[-1], j
    return best, best_end


def fuzzy_contains(pattern: str, text: str, max_errors: int | None = None) -> bool:
    """True when ``text`` contains ``pattern`` with at most ``max_errors`` edits.

    The default allows one error per four characters, which tolerates a misread
    character in a title such as 住院费用明细清单 without matching unrelated words.
    """
    if max_errors is None:
        max_errors = len(pattern) // 4
    if pattern in text:
        return True
    if max_errors == 0:
        return False
    return any(best_substring_distance(pattern, text[start:end])[0] <= max_errors
               for start, end in _candidate_windows(pattern, text, max_errors))


@lru_cache(maxsize=16)
def _positions(text: str) -> dict[str, tuple[int, ...]]:
    """Where each character stands in ``text``. Classifying a page looks for some 300
    words in the same few texts: indexed once, each word's characters are found without
    walking the page again."""
    where: dict[str, list[int]] = defaultdict(list)
    for index, ch in enumerate(text):
        where[ch].append(index)
    return {ch: tuple(found) for ch, found in where.items()}


def _candidate_windows(pattern: str, text: str, max_errors: int) -> list[tuple[int, int]]:
    """The stretches of ``text`` where ``pattern`` can match with ``max_errors`` edits.

    Such a match keeps at least len(pattern) - max_errors of the pattern's characters,
    all within len(pattern) + max_errors characters of text: only around such clusters
    of the pattern's characters is the edit-distance table worth filling (a long page
    has few). Overlapping stretches are merged.
    """
    need, width = len(pattern) - max_errors, len(pattern) + max_errors
    where = _positions(text)
    hits = sorted(i for ch in set(pattern) for i in where.get(ch, ()))
    windows: list[tuple[int, int]] = []
    for first, last in zip(hits, hits[need - 1:]):
        if last - first < width:
            start, end = max(0, last - width + 1), min(len(text), first + width)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((start, end))
    return windows


# An expense list's total row: its label, after at most two marks that are no figure (a
# seal's ring or a table rule read as a character in front of it: 人金额合计 9282.15).
TOTAL_ROW_LEAD = r"^\s*(?:[^\d\s]\s*){0,2}?"
# The list total's labels, longest first (table.total_row_remains takes the whole label
# off the figure). 费用总额 garbles at its ends and keeps 用总: 村用总额 (s3053-017), 作用总外,
# 栅用总狠, 费用总客, 楠用总客 (s3057-001), 慢用总客 (s3054-014) on the development sets; the
# stray-mark lead takes its first mark. But an item's name garbles into 用总 too (中级护理
# read 用总芒理 20.99 芒,急 120100003, s3058-002): 用总 and a mark are the label only where
# nothing but the figure follows.
TOTAL_LABELS = r"(?:金额合计|合计金额|费用总额|用总额|用总[^\d\s.,，:：](?=[\d\s.,，:：¥￥元]*$)|合计|总计)"
_TOTAL_ROW = re.compile(TOTAL_ROW_LEAD + rf"(?:{TOTAL_LABELS}|本页合计|小计)")
_SUBTOTAL_ROW = re.compile(TOTAL_ROW_LEAD + r"(本页合计|小计)")


def is_total_line(text: str) -> bool:
    """Whether a line (NFKC) is a total row: the list's total or a page's subtotal."""
    return bool(_TOTAL_ROW.match(text))


def is_list_total_line(text: str) -> bool:
    """Whether a line (NFKC) is the list's total row, not a page's subtotal (本页合计, 小计)."""
    return is_total_line(text) and not _SUBTOTAL_ROW.match(text)
