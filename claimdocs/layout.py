"""Words to lines: the reading order of a page, shared by OCR and PDF text layers.

Tesseract splits a form or a table into blocks column by column, so its own line numbers
do not give the rows of a form. Here words are grouped into rows by vertical overlap and
read left to right; a wide horizontal gap (a table cell boundary) becomes two spaces in
the line's text, so label/value parsing and table reconstruction can see cell edges.
"""

from __future__ import annotations

import re
from statistics import median

from claimdocs.model import Box, Line, Word

CELL_GAP = "  "
# A whole amount as OCR gives it (25754.80, 1,104.00).
_AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")


def lines_from_words(words: list[Word] | tuple[Word, ...]) -> tuple[Line, ...]:
    """Group ``words`` into lines in reading order (top to bottom, left to right)."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return ()
    height = median(w.box[3] - w.box[1] for w in words)
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        row = _row_for(word, rows, height)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    return tuple(_make_line(_without_specks_on_amounts(sorted(row, key=lambda w: w.box[0]))) for row in rows)


def _without_specks_on_amounts(row: list[Word]) -> list[Word]:
    """A row's words (left to right) without a speck read over a surely read amount: a
    lone, unsure digit that starts inside the amount's box (a 7 over the 55 of 3947.55,
    which joined to it made 3947.557). Tesseract's boxes of Chinese words overlap their
    neighbours freely, so only this case is taken for a second reading of the same ink."""
    kept: list[Word] = []
    for word in row:
        if kept and word.box[0] < kept[-1].box[2] and _speck_before_amount(word, kept[-1]):
            continue
        kept.append(word)
    return kept


def _row_for(word: Word, rows: list[list[Word]], height: float) -> list[Word] | None:
    """The row ``word`` belongs to: one whose vertical centre is within half a line of it,
    else one with a word beside it (touching it, or less than a line apart) whose centre
    is: a name written larger than its form's labels sits lower than their row's centre
    (吕 | 桂杰 on an invoice photo, s3048-004, 13 px below the row for a 25 px line), and
    its neighbour in the row tells where it belongs. A word below another overlaps it
    across, but its centre is a line further down."""
    centre = (word.box[1] + word.box[3]) / 2
    recent = list(reversed(rows[-3:]))
    for row in recent:
        row_centre = median((w.box[1] + w.box[3]) / 2 for w in row)
        if abs(centre - row_centre) <= 0.5 * height:
            return row
    for row in recent:
        if any(_apart(word, other) <= height and abs(centre - (other.box[1] + other.box[3]) / 2) <= 0.5 * height
               for other in row):
            return row
    return None


def _apart(word: Word, other: Word) -> float:
    """The horizontal gap between two words' boxes (0 when they overlap across)."""
    return max(0, word.box[0] - other.box[2], other.box[0] - word.box[2])


def _make_line(words: list[Word]) -> Line:
    parts: list[str] = []
    for previous, word in zip([None, *words[:-1]], words):
        if previous is not None:
            parts.append(separator(previous, word))
        parts.append(word.text)
    confidence = sum(w.confidence for w in words) / len(words)
    return Line("".join(parts), union_box([w.box for w in words]), tuple(words), confidence)


def separator(left: Word, right: Word) -> str:
    """What stands between two neighbouring words of a line: nothing, a space, or a cell gap.

    Chinese has no spaces between words and Tesseract returns it a character or two at a
    time, so between CJK characters only a wide gap (a table cell edge; wider than letter
    spacing in a heading) counts; between Latin words and digits a narrow gap is a space.
    """
    height = max(1, left.box[3] - left.box[1], right.box[3] - right.box[1])
    gap = right.box[0] - left.box[2]
    latin = left.text[-1:].isascii() or right.text[:1].isascii()
    if gap > (1.5 if latin else 2.0) * height:
        return CELL_GAP
    if latin and left.text[-1:].isascii() and right.text[:1].isascii() and gap > 0.25 * height:
        return " "
    if _speck_before_amount(left, right):
        return " "
    return ""


def _speck_before_amount(left: Word, right: Word) -> bool:
    """A lone, unsure digit right before a surely read amount: a speck of a seal or of a
    skewed neighbouring cell (总计 2 25754.80), not the amount's leading digit, which OCR
    would have read with the rest of it."""
    return (len(left.text) == 1 and left.text.isdigit() and left.confidence < 0.5
            and right.confidence >= 0.8 and bool(_AMOUNT.fullmatch(right.text)))


def shifted(word: Word, dx: int, dy: int) -> Word:
    """``word`` moved by (dx, dy): a word read in a crop placed back on its page."""
    x0, y0, x1, y1 = word.box
    return Word(word.text, (x0 + dx, y0 + dy, x1 + dx, y1 + dy), word.confidence)


def centre_inside(box: Box, outer: Box) -> bool:
    """Whether the centre of ``box`` (a word's) lies in ``outer``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def union_box(boxes: list[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
