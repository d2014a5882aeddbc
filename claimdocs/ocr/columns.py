"""A second look at an expense list's narrow columns.

Sparse-text OCR (page segmentation 11) reads a form's scattered cells well but drops
lone one-character cells: the class column (甲, 乙, 丙) and quantities of 1. Those
decide the amount (domain.md §7.1), so on an expense-list page the class and quantity
columns are cut out under their header and read again as one block each, where
Tesseract keeps every line; the words found are added to the page's words.
"""

from __future__ import annotations

import numpy as np

from claimdocs.extract.fields import normal_line
from claimdocs.extract.table import find_header
from claimdocs.layout import lines_from_words, shifted
from claimdocs.model import PageText, Word

COLUMNS_TO_REREAD = ("class", "quantity")


def reread_columns(text: PageText, image: np.ndarray, dpi: float, engine, scale: float = 1.0) -> PageText:
    """``text`` with the words of the class and quantity columns read again as blocks."""
    header = header_of(text)
    if header is None:
        return text
    columns, top = header
    added: list[Word] = []
    for name in COLUMNS_TO_REREAD:
        if name in columns:
            x0, x1 = column_span(columns, name, image.shape[1])
            added += _read_strip(image, (x0, top, x1, image.shape[0]), dpi, engine, scale)
    new = [w for w in added if not any(_overlaps(w.box, old.box) for old in text.words)]
    if not new:
        return text
    return PageText(text.source, lines_from_words([*text.words, *new]), text.width, text.height, text.confidence)


def header_of(text: PageText) -> tuple[dict[str, float], int] | None:
    """An expense-list page's header columns (table.find_header) and the y where its rows
    start (the header's bottom), or None without a header."""
    lines = [normal_line(line) for line in text.lines]
    header = find_header(lines)
    if header is None:
        return None
    index, columns = header
    return columns, lines[index].line.box[3]


def column_span(columns: dict[str, float], name: str, width: int) -> tuple[int, int]:
    """A column's x range: halfway to the header centres on either side."""
    centres = sorted(columns.values())
    centre = columns[name]
    position = centres.index(centre)
    left = (centres[position - 1] + centre) / 2 if position > 0 else max(0.0, centre - 60)
    right = (centres[position + 1] + centre) / 2 if position + 1 < len(centres) else min(width, centre + 60)
    return int(left), int(right)


def _read_strip(image: np.ndarray, box: tuple[int, int, int, int], dpi: float, engine, scale: float) -> list[Word]:
    x0, y0, x1, y1 = box
    if x1 - x0 < 8 or y1 - y0 < 8:
        return []
    strip = np.ascontiguousarray(image[y0:y1, x0:x1])
    read = engine.read(strip, dpi, scale, block=True)
    return [shifted(w, x0, y0) for w in read.words]


def _overlaps(a, b) -> bool:
    """True when two boxes share more than half of the smaller one."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height > 0.5 * max(smaller, 1)
