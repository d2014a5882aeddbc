"""A second, sharpened reading of an expense list whose rows do not check.

Phone photos are soft: focus, hand shake, JPEG and the resampling that undoes their
perspective blur the small digits of an expense list, and Tesseract's binarisation then
merges them (650.00 read as 6590.00, 325.00 as 325.风). An unsharp mask restores the
edges. It is not applied to every page: sharpening all pages of the development set lost
more than it won (cards, invoices and titles read worse; page types 98.0 → 95.9 %).

So only an expense list, the one document where a reading can check itself, is read a
second time, sharpened, when some of its rows do not check (quantity × unit price ≠
amount) or its total row's amount was not read cleanly; the reading with more rows that
check is kept, with the other reading's total row when only that one read the total.
"""

from __future__ import annotations

import numpy as np

from claimdocs.extract.table import Row, Unread, page_entries
from claimdocs.model import PageText
from claimdocs.ocr.numbers import reread_numbers
from claimdocs.ocr.totals import has_unread_total, with_total_of
from claimdocs.vision.imageops import unsharp

SHARPEN_SIGMA = 1.5
SHARPEN_AMOUNT = 1.0
# A list whose rows check at least this share of the time is read well enough.
CHECKED_ENOUGH = 0.9


def checked_rows(text: PageText) -> tuple[int, int]:
    """How many expense rows of a page check, and how many rows were read: those that
    make an item and those whose figures make none on their own (table.Unresolved); a
    row none of whose figures was read (table.Unread) is left out, as if not seen."""
    entries = [entry for entry in page_entries(text) if not isinstance(entry, Unread)]
    return sum(isinstance(entry, Row) and entry.checked for entry in entries), len(entries)


def reread_sharpened(text: PageText, image: np.ndarray, dpi: float, engine,
                     scale: float = 1.0) -> tuple[PageText, np.ndarray]:
    """The better of ``text`` and a reading of the sharpened ``image`` (more rows that
    check; the first reading on a tie), with the image it was read from."""
    checked, read = checked_rows(text)
    if read and checked >= CHECKED_ENOUGH * read and not has_unread_total(text):
        return text, image
    sharp = unsharp(image, SHARPEN_SIGMA, SHARPEN_AMOUNT)
    again = reread_numbers(engine.read(sharp, dpi, scale), sharp, dpi, engine, unsure_runs=False)
    if checked_rows(again)[0] > checked:
        return with_total_of(again, text), sharp
    return with_total_of(text, again), image
