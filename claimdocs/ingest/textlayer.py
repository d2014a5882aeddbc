"""Read a digital PDF page's text layer into a model.PageText.

Characters are placed in the pixel coordinates of the page image ingest renders beside
them (``dpi``), grouped into lines in reading order (top to bottom, then left to right),
and joined the way OCR output would read: no spaces between CJK characters, one space
between Latin/number runs that were apart, and one space across a column gap.

The glyphs come from PDFium's text API rather than pdfplumber: on a dense A4 page
(1,400 characters) pdfplumber takes ~45 ms to list the characters, PDFium ~5 ms, and the
budget for loading a whole digital page is well under 100 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from claimdocs.errors import CorruptFileError
from claimdocs.model import Line, PageText, TextSource, Word

# Two glyphs belong to one word when the gap between them is under this share of the
# character height: loose glyph boxes are advance widths, so letters touch; a space is ~0.25 em.
WORD_GAP = 0.12
# A gap wider than this many character heights separates table cells or form columns.
COLUMN_GAP = 1.0
# Glyphs are on one line when their vertical extents overlap by at least this share.
LINE_OVERLAP = 0.5
_LATIN = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True)
class _Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1e-6)


def read_text_layer(page: pdfium.PdfPage, dpi: float, min_chars: int, name: str) -> PageText | None:
    """Return a page's text layer in pixels at ``dpi``, or None when it has fewer than
    ``min_chars`` non-blank characters (a scanned page, or one with only a page number).

    Raises:
        CorruptFileError: PDFium cannot extract the page's text.
    """
    glyphs, width_pt, height_pt = _page_glyphs(page, name)
    if len(glyphs) < min_chars:
        return None
    scale = dpi / 72.0
    lines = tuple(_make_line(line, scale) for line in group_lines(glyphs))
    return PageText(source=TextSource.TEXT_LAYER, lines=lines,
                    width=round(width_pt * scale), height=round(height_pt * scale))


def _page_glyphs(page: pdfium.PdfPage, name: str) -> tuple[list[_Glyph], float, float]:
    """Return the non-blank glyphs of a page in displayed, top-left-origin points."""
    left, bottom, right, top = page.get_cropbox()  # what PDFium renders
    try:
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count)
            if len(text) != count:  # characters outside the BMP: fetch one by one
                text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
            glyphs = []
            for index, char in enumerate(text):
                if char.strip():
                    x0, y0, x1, y1 = textpage.get_charbox(index, loose=True)
                    glyphs.append(_Glyph(char, x0 - left, top - y1, x1 - left, top - y0))
        finally:
            textpage.close()
    except pdfium.PdfiumError as err:
        raise CorruptFileError(f"the text of the page cannot be read ({err})", file=name) from err
    return _rotate_glyphs(glyphs, page.get_rotation() % 360, right - left, top - bottom)


def _rotate_glyphs(glyphs: list[_Glyph], rotation: int, width: float, height: float
                   ) -> tuple[list[_Glyph], float, float]:
    """Map glyph boxes from unrotated page space to the page as displayed (/Rotate applied).

    The text API reports coordinates before the page's /Rotate; the rendering applies it.
    """
    if rotation == 0:
        return glyphs, width, height
    def turn(x: float, y: float) -> tuple[float, float]:
        return {90: (height - y, x), 180: (width - x, height - y), 270: (y, width - x)}[rotation]
    turned = []
    for g in glyphs:
        (ax, ay), (bx, by) = turn(g.x0, g.top), turn(g.x1, g.bottom)
        turned.append(_Glyph(g.text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return (turned, height, width) if rotation in (90, 270) else (turned, width, height)


def group_lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Group glyphs into lines in reading order: top to bottom, each left to right.

    Glyphs are taken by vertical centre; one joins the line being built when their
    vertical extents overlap enough, which keeps table rows together across columns.
    """
    lines: list[list[_Glyph]] = []
    top = bottom = 0.0
    for glyph in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        overlap = min(bottom, glyph.bottom) - max(top, glyph.top)
        if lines and overlap >= LINE_OVERLAP * min(glyph.height, bottom - top):
            lines[-1].append(glyph)
            top, bottom = min(top, glyph.top), max(bottom, glyph.bottom)
        else:
            lines.append([glyph])
            top, bottom = glyph.top, glyph.bottom
    return [sorted(line, key=lambda g: g.x0) for line in lines]


def _make_line(glyphs: list[_Glyph], scale: float) -> Line:
    """Split one line's glyphs into words and join them as text (see module docstring)."""
    words: list[list[_Glyph]] = [[glyphs[0]]]
    separators: list[str] = []
    for prev, glyph in zip(glyphs, glyphs[1:]):
        gap = (glyph.x0 - prev.x1) / max(prev.height, glyph.height)
        if gap < WORD_GAP:
            words[-1].append(glyph)
            continue
        separators.append(" " if gap >= COLUMN_GAP or _both_latin(prev.text, glyph.text) else "")
        words.append([glyph])
    made = tuple(_make_word(w, scale) for w in words)
    text = made[0].text + "".join(sep + w.text for sep, w in zip(separators, made[1:]))
    return Line(text=text, box=_union(w.box for w in made), words=made, confidence=1.0)


def _both_latin(left: str, right: str) -> bool:
    return bool(_LATIN.match(left[-1]) and _LATIN.match(right[0]))


def _make_word(glyphs: list[_Glyph], scale: float) -> Word:
    box = (round(min(g.x0 for g in glyphs) * scale), round(min(g.top for g in glyphs) * scale),
           round(max(g.x1 for g in glyphs) * scale), round(max(g.bottom for g in glyphs) * scale))
    return Word(text="".join(g.text for g in glyphs), box=box, confidence=1.0)


def _union(boxes) -> tuple[int, int, int, int]:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
