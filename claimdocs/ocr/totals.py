"""A second look at an expense list's total where a seal lies over it.

Hospitals stamp the list's last page, and the seal often lands on the total (金额合计
¥2908.40, with the seal's 江 over its first digits). On a grey scan the red seal is pale
grey ink; where it crosses the black figures Tesseract reads both inks as one shape and
the total comes back as garbage (23o8 40, Ts), or not at all.

So on a page where a seal was seen, a total row whose amount was not read cleanly has
its place on the row (right of the label) cut out with only the dark ink kept (darker
than vision.seal.DARK_INK: black print, not a seal's pale ink; on a colour page the
seal is already gone from the cleaned image), and read again with ``eng``, the model
that reads figures best (ocr/numbers.py). A reading that holds a whole amount replaces
the words of that place.
"""

from __future__ import annotations

import re
import unicodedata

import cv2
import numpy as np

from claimdocs.layout import centre_inside, lines_from_words
from claimdocs.model import Box, Line, PageText, TextSource, Word
from claimdocs.ocr.numbers import LINE_HEIGHT_PX, NUMBER_LANGUAGES
from claimdocs.vision.seal import DARK_INK

TOTAL_LABELS = ("金额合计", "合计金额", "费用总额", "总金额", "合计", "总计")
# A total read cleanly: a figure with its two decimals (¥ and 元 allowed), read surely.
_CLEAN_AMOUNT = re.compile(r"^[¥Y]?\d[\d,]*\.\d{2}元?$")
_WHOLE_AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")
SURE_AMOUNT = 0.6
LEADING_MISREAD = 2
MARGIN_PX = 8


def reread_total_under_seal(text: PageText, image: np.ndarray, dpi: float, engine, seal: bool | None) -> PageText:
    """``text`` with an unread total re-read from its dark ink alone (see the module)."""
    if text.source is not TextSource.OCR or not seal:
        return text
    for line, label_end in _label_rows(text):
        if _amount_read(line, label_end):
            continue
        box = _value_place(line, label_end, text.width)
        amount, confidence = _read_dark_ink(image, box, line.box[3] - line.box[1], dpi, engine)
        if amount is None:
            continue
        row = (label_end, line.box[1], text.width, line.box[3])  # what the row read there goes
        kept = [w for w in text.words if not centre_inside(w.box, row)]
        words = [*kept, Word(amount, row, confidence)]
        return PageText(text.source, lines_from_words(words), text.width, text.height, text.confidence)
    return text


def with_total_of(text: PageText, source: PageText) -> PageText:
    """``text`` with the total row of ``source`` when only ``source`` read its amount
    cleanly, or only ``source`` read the row at all: of two readings of a page
    (ocr/sharpen.py), the one whose rows check better may read the total worse (总计
    7298.05 read again as 总计 A次.%作), or lose its label (and a total under a seal is
    then not read again). The total row ``text`` read there, if any, goes."""
    if _total_row(text) is not None:
        return text
    row = _total_row(source)
    rows = total_rows(text)
    if row is None and not rows:
        row = next(iter(total_rows(source)), None)
    if row is None:
        return text
    centre, height = (row.box[1] + row.box[3]) / 2, row.box[3] - row.box[1]
    replaced = [line for line in rows if abs((line.box[1] + line.box[3]) / 2 - centre) <= height]
    gone = {id(word) for line in replaced for word in line.words}
    kept = [word for word in text.words if id(word) not in gone]
    return PageText(text.source, lines_from_words([*kept, *row.words]), text.width, text.height, text.confidence)


def has_unread_total(text: PageText) -> bool:
    """Whether the page has a total row whose amount was not read cleanly."""
    rows = _label_rows(text)
    return bool(rows) and not any(_amount_read(line, label_end) for line, label_end in rows)


def _label_rows(text: PageText) -> list[tuple[Line, int]]:
    """The page's rows that start with a total label, each with where its label ends."""
    return [(line, label_end) for line in text.lines if (label_end := _label_end(line)) is not None]


def total_rows(text: PageText) -> list[Line]:
    """The page's rows that start with a total label (合计, 总计, 合计金额 ...)."""
    return [line for line, _ in _label_rows(text)]


def _total_row(text: PageText) -> Line | None:
    """The page's total row, when its amount was read cleanly."""
    return next((line for line, label_end in _label_rows(text) if _amount_read(line, label_end)), None)


def _label_end(line: Line) -> int | None:
    """Where a total label that starts ``line`` ends (x; the longest label read), or None.
    Up to LEADING_MISREAD characters may stand before it (额合计: 金 lost to blur)."""
    read, end = "", None
    for word in line.words:
        read += unicodedata.normalize("NFKC", word.text).strip(" :：")
        if any(read.endswith(label) and len(read) - len(label) <= LEADING_MISREAD for label in TOTAL_LABELS):
            end = word.box[2]
        if len(read) >= max(map(len, TOTAL_LABELS)) + LEADING_MISREAD:
            break
    return end


def _amount_read(line: Line, label_end: int) -> bool:
    """Whether a word right of the label is a cleanly, surely read amount."""
    return any(_CLEAN_AMOUNT.match(unicodedata.normalize("NFKC", w.text)) and w.confidence >= SURE_AMOUNT
               for w in line.words if w.box[0] >= label_end)


def _value_place(line: Line, label_end: int, page_width: int) -> Box:
    """The rest of the total's row: right of its label to the page's edge, half a line
    above and below (the seal shifts what Tesseract reads of it up or down)."""
    _, y0, _, y1 = line.box
    half = (y1 - y0) // 2
    return label_end + MARGIN_PX, max(0, y0 - half), page_width, y1 + half


def _read_dark_ink(image: np.ndarray, box: Box, line_height: int, dpi: float,
                   engine) -> tuple[str | None, float]:
    """The one amount in ``box`` read from its dark ink alone (its line scaled to
    LINE_HEIGHT_PX), with its confidence; None when there is not exactly one."""
    x0, y0, x1, y1 = box
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return None, 0.0
    dark = np.where(crop < DARK_INK, 0, 255).astype(np.uint8)
    factor = LINE_HEIGHT_PX / max(1, line_height)
    dark = cv2.resize(dark, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
    read = engine.read(dark, dpi * factor, block=True, languages=NUMBER_LANGUAGES)
    amounts = [(m.group(0), w.confidence) for w in read.words if (m := _WHOLE_AMOUNT.search(w.text))]
    if len(amounts) != 1:
        return None, 0.0
    return amounts[0]
