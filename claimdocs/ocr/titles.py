"""A second look at a page's title when the page's reading told no type.

A document's title is printed larger than anything else on it, and says what the
document is. Reading a whole page sparsely, Tesseract can garble it all the same: a
150 dpi mail-room scan saved 1-bit breaks a bold serif title's thin strokes, and
安徽省医疗住院收费票据 came back 净徽省医打卫收续县振, so the invoice was typed "other"
and none of its fields were extracted. Cut out alone and read as one line, the same
title reads 安徽省医后住院收费旧据 (halved) — a title the classifier knows with one
character in four misread.

So a page that tells no type surely has its heading's largest lines read again alone
(title_lines), from the page before and after cleanup, at each of SCALES, until a
reading is a title (the caller's test: classify.title_type); that reading then takes
the place of the line's words.
"""

from __future__ import annotations

import statistics
from typing import Callable

import numpy as np

from claimdocs.layout import centre_inside, lines_from_words, shifted, union_box
from claimdocs.model import Box, Line, PageText, TextSource

TITLE_LANGUAGES = "chi_sim"
# Halved first: a broken title's strokes join when shrunk (and a title is large).
SCALES = (0.5, 0.7, 1.0)
# A title stands in the top of the page (a card copied onto A4 is looked at elsewhere).
HEADING_SHARE = 0.3
# Lines looked at again: the heading's largest two, the higher first (an invoice's 大写
# amount, read as one line with the row below it, stood taller than its title, s3054-023).
TITLE_LINES = 2
# A title is printed larger than the page's usual line (_size).
MIN_HEIGHT_RATIO = 1.15
# The crop reaches past the line's box by these shares of its height: the title's first
# or last characters may have gone unread (or been read as another line).
PAD_ACROSS, PAD_ALONG = 0.35, 2.0
MIN_CHARACTERS = 3


def reread_title(text: PageText, images: tuple[np.ndarray, ...], dpi: float, engine,
                 is_title: Callable[[str], bool]) -> tuple[PageText, str] | None:
    """The page's title line read again alone (see the module) until a reading is a title
    (``is_title``): ``text`` with that reading in place of the line's words, and the
    reading (``text`` itself and the line as read, when that is a title already); None
    when ``text`` is no OCR reading or no reading of its title is one.
    ``images``: the page as read and before cleanup, the same size, in the order to try
    them."""
    if text.source is not TextSource.OCR:
        return None
    for line in title_lines(text):
        if is_title(line.text):  # read well enough on the page already
            return text, line.text
        box = _padded(_title_box(line), text.width, text.height)
        for image in images:
            crop = np.ascontiguousarray(image[box[1]:box[3], box[0]:box[2]])
            for scale in SCALES:
                reading = engine.read(crop, dpi, scale, block=True, languages=TITLE_LANGUAGES)
                words = [shifted(word, box[0], box[1]) for word in reading.words if word.text.strip()]
                title = "".join(word.text for word in words)
                if words and is_title(title):
                    kept = [word for word in text.words if not centre_inside(word.box, box)]
                    return PageText(text.source, lines_from_words([*kept, *words]), text.width, text.height,
                                    text.confidence), title
    return None


def title_lines(text: PageText) -> list[Line]:
    """The heading's lines that may be its title: in the top HEADING_SHARE of the page,
    of MIN_CHARACTERS or more, printed larger (_size) than the page's median line by
    MIN_HEIGHT_RATIO; the largest TITLE_LINES of them, the higher on the page first."""
    if not text.lines:
        return []
    usual = statistics.median(_size(line) for line in text.lines)
    heading = [line for line in text.lines
               if line.box[1] < HEADING_SHARE * text.height and len(line.text.replace(" ", "")) >= MIN_CHARACTERS
               and _size(line) >= MIN_HEIGHT_RATIO * usual]
    tallest = sorted(heading, key=_size, reverse=True)[:TITLE_LINES]
    return sorted(tallest, key=lambda line: line.box[1])


def _size(line: Line) -> float:
    """How large a line is printed: its words' median height (the line's own box grows
    with words set a little higher or lower, rows run together)."""
    return statistics.median(word.box[3] - word.box[1] for word in line.words)


# The title's words on its line: as tall as its tallest but this share. A line gathers
# every word level with the title (an invoice's number to its right), printed smaller.
TITLE_WORD_HEIGHT = 0.8


def _title_box(line: Line) -> Box:
    """The box of the line's title words (TITLE_WORD_HEIGHT)."""
    tallest = max(word.box[3] - word.box[1] for word in line.words)
    return union_box([word.box for word in line.words if word.box[3] - word.box[1] >= TITLE_WORD_HEIGHT * tallest])


def _padded(box: Box, width: int, height: int) -> Box:
    x0, y0, x1, y1 = box
    size = y1 - y0
    across, along = round(PAD_ACROSS * size), round(PAD_ALONG * size)
    return max(0, x0 - along), max(0, y0 - across), min(width, x1 + along), min(height, y1 + across)

