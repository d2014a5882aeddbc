"""A second look at an expense list's narrow columns.

Sparse-text OCR (page segmentation 11) reads a form's scattered cells well but drops
lone one-character cells: the class column (甲, 乙, 丙) and quantities of 1. Those
decide the amount (domain.md §7.1), so on an expense-list page the class and quantity
columns are cut out under their header and read again as one block each, where
Tesseract keeps every line (both columns in one call, the rest of the page blanked);
the words found are added to the page's words.
"""

from __future__ import annotations

import numpy as np

from claimdocs.extract.fields import normal_line
from claimdocs.extract.table import find_header
from claimdocs.layout import lines_from_words
from claimdocs.model import PageText, Word

COLUMNS_TO_REREAD = ("class", "quantity")


def reread_columns(text: PageText, image: np.ndarray, dpi: float, engine, scale: float = 1.0) -> PageText:
    """``text`` with the words of the class and quantity columns read again as blocks."""
    lines = [normal_line(line) for line in text.lines]
    header = find_header(lines)
    if header is None:
        return text
    index, columns = header
    top = lines[index].line.box[3]
    spans = [column_span(columns, name, image.shape[1]) for name in COLUMNS_TO_REREAD if name in columns]
    added = _read_strips(image, spans, top, dpi, engine, scale)
    new = [w for w in added if not any(_overlaps(w.box, old.box) for old in text.words)]
    if not new:
        return text
    return PageText(text.source, lines_from_words([*text.words, *new]), text.width, text.height, text.confidence)


def column_span(columns: dict[str, float], name: str, width: int) -> tuple[int, int]:
    """A column's x range: halfway to the header centres on either side."""
    centres = sorted(columns.values())
    centre = columns[name]
    position = centres.index(centre)
    left = (centres[position - 1] + centre) / 2 if position > 0 else max(0.0, centre - 60)
    right = (centres[position + 1] + centre) / 2 if position + 1 < len(centres) else min(width, centre + 60)
    return int(left), int(right)


def _read_strips(image: np.ndarray, spans: list[tuple[int, int]], top: int, dpi: float, engine,
                 scale: float) -> list[Word]:
    """Read the columns ``spans`` below ``top`` in one OCR call: the part of the page that
    holds them, with everything outside the columns blanked, read as one block (one
    Tesseract start instead of one per column)."""
    spans = [(x0, x1) for x0, x1 in spans if x1 - x0 >= 8]
    if not spans or image.shape[0] - top < 8:
        return []
    left, right = min(x0 for x0, _ in spans), max(x1 for _, x1 in spans)
    region = np.full((image.shape[0] - top, right - left, *image.shape[2:]), 255, dtype=image.dtype)
    for x0, x1 in spans:
        region[:, x0 - left: x1 - left] = image[top:, x0:x1]
    read = engine.read(region, dpi, scale, block=True)
    return [Word(w.text, (w.box[0] + left, w.box[1] + top, w.box[2] + left, w.box[3] + top), w.confidence)
            for w in read.words]


def _overlaps(a, b) -> bool:
    """True when two boxes share more than half of the smaller one."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height > 0.5 * max(smaller, 1)
