"""A second look at an expense list's prices and amounts, read by the ``eng`` model.

``chi_sim`` reading a whole page sparsely (page segmentation 11) garbles the small
figures of a soft phone photo: 75.00 comes back as 1500, 112.00 as 11200”, 2,576.00 as
站7600, and the row no longer checks. The ``eng`` model reading the price and amount
columns alone, as one block, reads those same figures cleanly (a photographed list of
the development set 3035: 18 amounts of 18 with their points, the total's included,
against 4 by ``chi_sim``). So on an expense-list page
whose rows do not check, the strip from the 单价 column to the last figure on the
right is cut out and read again with ``eng``; its words replace the words they cover,
and the reading is kept when more rows check than before.
"""

from __future__ import annotations

import re
from statistics import median

import numpy as np

from claimdocs.layout import lines_from_words, shifted
from claimdocs.model import Box, PageText
from claimdocs.ocr.columns import column_span, header_of
from claimdocs.ocr.sharpen import CHECKED_ENOUGH, checked_rows
from claimdocs.ocr.totals import has_unread_total, total_rows

FIGURE_LANGUAGES = "eng"
# ``eng`` reads a strip of small figures best enlarged to about this height (the 13 px
# figures of that photo: 5 amounts of 18 read right at 1.0×, all 18 at 2.5×).
FIGURE_HEIGHT_PX = 32.0
MAX_SCALE = 4.0
# A word that may be a price or an amount as chi_sim read it: digits with a point, a
# point read as a space or lost (180 00, 1500), a comma of thousands; two characters at
# least, since a grey scan's lower rows came back 85 for 3.85 and 25 00 for 25.00 (s3047-001).
_FIGURE_LIKE = re.compile(r"^[¥]?\d[\d,]*(?:[. ]\d{1,2})?$")
_CODE_LIKE = re.compile(r"^\d{6,}$")


def reread_figures(text: PageText, image: np.ndarray, dpi: float, engine) -> PageText:
    """``text`` with its price and amount columns read again by ``eng``, when that makes
    more of its rows check, or reads a total that was not read cleanly with as many rows
    checking; else ``text`` as it was."""
    checked, read = checked_rows(text)
    unread_total = has_unread_total(text)
    if not read or (checked >= CHECKED_ENOUGH * read and not unread_total):
        return text
    strip = figure_strip(text, image.shape)
    if strip is None:
        return text
    (x0, y0, x1, y1), height = strip
    scale = min(MAX_SCALE, max(1.0, round(FIGURE_HEIGHT_PX / height, 2)))
    reading = engine.read(np.ascontiguousarray(image[y0:y1, x0:x1]), dpi, scale, block=True,
                          languages=FIGURE_LANGUAGES)
    figures = [shifted(w, x0, y0) for w in reading.words if any(c.isdigit() for c in w.text)]
    if not figures:
        return text
    kept = [w for w in text.words if not any(_covers(figure.box, w.box) for figure in figures)]
    again = PageText(text.source, lines_from_words([*kept, *figures]), text.width, text.height, text.confidence)
    checked_again = checked_rows(again)[0]
    if checked_again > checked or (checked_again == checked and unread_total and not has_unread_total(again)):
        return again
    return text


def figure_strip(text: PageText, shape: tuple[int, ...]) -> tuple[Box, float] | None:
    """The box holding the list's prices and amounts, and the height of their figures:
    from the 单价 column's left bound (else the leftmost figure) to the right end of the
    figures before the next header word right of 金额 (the amount's own header word may
    be misread; a class, ratio or code column is left out, whose characters garble a
    block read by ``eng``), from under the header to the last figure or the total row.
    None without a header or figures. ``shape``: the page image's."""
    height, width = shape[:2]
    header = header_of(text)
    if header is None:
        return None
    columns, top = header
    left = column_span(columns, "unit_price", width)[0] if "unit_price" in columns else None
    last = columns.get("amount", columns.get("unit_price", -1.0))
    right = min((x for x in columns.values() if x > last), default=float(width))
    words = [w for line in text.lines if line.box[1] >= top for w in line.words
             if _FIGURE_LIKE.match(w.text.strip()) and len(w.text.strip()) >= 2
             and not _CODE_LIKE.match(w.text.strip())
             and (left is None or (w.box[0] + w.box[2]) / 2 >= left) and (w.box[0] + w.box[2]) / 2 < right]
    if len(words) < 2:
        return None
    figure_height = median(w.box[3] - w.box[1] for w in words)
    pad = int(figure_height)
    x0 = left if left is not None else max(0, min(w.box[0] for w in words) - pad)
    x1 = min(width, max(w.box[2] for w in words) + pad)
    totals = [line.box[3] for line in total_rows(text)]  # its amount may be too garbled to count
    y1 = min(max([w.box[3] for w in words] + totals) + pad, height)
    return (int(x0), int(top), int(x1), int(y1)), figure_height


def _covers(figure: Box, word: Box) -> bool:
    """Whether a figure read by ``eng`` lies over a word of the first reading: they share
    any of their width and most of the lower one's height (a word read through a seal's
    ring stands twice as tall as the figure it holds)."""
    width = min(figure[2], word[2]) - max(figure[0], word[0])
    height = min(figure[3], word[3]) - max(figure[1], word[1])
    return width > 0 and height > 0.5 * min(figure[3] - figure[1], word[3] - word[1])
