"""A page described as drawing operations in millimetres, independent of output.

Document modules build a :class:`Page` with the helpers below; :mod:`samples.render`
turns the same page into a raster image (for scans and photos) or into a PDF page
with a real text layer. Coordinates: origin at the top-left corner, y grows down;
a text's y is its baseline. Font sizes are in points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

Color = tuple[int, int, int]
BLACK: Color = (25, 25, 25)
GREY: Color = (110, 110, 110)
RED: Color = (205, 35, 45)  # pre-printed form ink
PINK: Color = (222, 95, 115)
SEAL_RED: Color = (215, 30, 40)
BLUE: Color = (30, 55, 150)  # ball-pen ink
A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float = 10.5
    font: str = "serif"  # serif | sans | serif_bold | sans_bold | mono
    color: Color = BLACK
    anchor: str = "l"  # l | m | r (left, centre, right of x)
    hand: bool = False  # ball-pen handwriting: jittered glyphs


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.25
    color: Color = BLACK


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.25
    color: Color | None = BLACK
    fill: Color | None = None


@dataclass(frozen=True)
class Seal:
    """A red ink stamp: ring, star, the organisation's name curved along the top."""

    cx: float
    cy: float
    radius: float
    name: str
    subtitle: str = ""
    angle: float = 0.0  # stamped slightly askew
    oval: bool = False  # the 财政 supervision seal of fiscal receipts
    seed: int = 0  # ink texture
    color: Color = SEAL_RED


@dataclass(frozen=True)
class Qr:
    x: float
    y: float
    size: float
    data: str


@dataclass(frozen=True)
class Photo:
    """An ID-card portrait placeholder (a silhouette, never a face)."""

    x: float
    y: float
    w: float
    h: float


Op = Union[Text, Line, Rect, Seal, Qr, Photo]


@dataclass(frozen=True)
class Cell:
    """A table cell with its own look; plain strings in a row use the table's defaults."""

    text: str
    color: Color | None = None
    font: str | None = None
    anchor: str | None = None
    hand: bool = False


@dataclass
class Page:
    """One physical page (or card) of a document."""

    width: float = A4[0]
    height: float = A4[1]
    ops: list[Op] = field(default_factory=list)
    paper: Color = (255, 255, 255)

    @property
    def has_seal(self) -> bool:
        return any(isinstance(op, Seal) for op in self.ops)

    def text(self, x: float, y: float, text: str, size: float = 10.5, **kw) -> None:
        self.ops.append(Text(x, y, text, size, **kw))

    def line(self, x0: float, y0: float, x1: float, y1: float, **kw) -> None:
        self.ops.append(Line(x0, y0, x1, y1, **kw))

    def rect(self, x0: float, y0: float, x1: float, y1: float, **kw) -> None:
        self.ops.append(Rect(x0, y0, x1, y1, **kw))

    def add(self, op: Op) -> None:
        self.ops.append(op)

    def title(self, y: float, text: str, size: float = 18, font: str = "serif_bold", **kw) -> None:
        """A centred heading."""
        self.text(self.width / 2, y, text, size, font=font, anchor="m", **kw)

    def table(self, x: float, y: float, widths: list[float], rows: list[list],
              row_h: float = 8.0, size: float = 9.5, font: str = "serif",
              color: Color = BLACK, border: Color | None = BLACK,
              anchors: list[str] | None = None, line_w: float = 0.25) -> float:
        """Draw a ruled table; returns the y of its bottom edge.

        A row cell is a str, a :class:`Cell`, or None for "merged into the left cell"
        (the border between them is left out).
        """
        anchors = anchors or ["m"] * len(widths)
        total_w = sum(widths)
        for r, row in enumerate(rows):
            top = y + r * row_h
            if border:
                self.line(x, top, x + total_w, top, color=border, width=line_w)
            self._table_row(x, top, widths, row, row_h, size, font, color, border, anchors, line_w)
        bottom = y + len(rows) * row_h
        if border:
            self.line(x, bottom, x + total_w, bottom, color=border, width=line_w)
            self.line(x + total_w, y, x + total_w, bottom, color=border, width=line_w)
        return bottom

    def _table_row(self, x, top, widths, row, row_h, size, font, color, border, anchors, line_w):
        cx = x
        spans = _spans(row, widths)
        for (cell, w, anchor_i) in spans:
            if border:
                self.line(cx, top, cx, top + row_h, color=border, width=line_w)
            cell = cell if isinstance(cell, Cell) else Cell(str(cell))
            anchor = cell.anchor or anchors[anchor_i]
            tx = {"l": cx + 1.5, "m": cx + w / 2, "r": cx + w - 1.5}[anchor]
            if cell.text:
                self.text(tx, top + row_h * 0.5 + size * 0.125, cell.text, size,
                          font=cell.font or font, color=cell.color or color,
                          anchor=anchor, hand=cell.hand)
            cx += w

    def label_lines(self, x: float, y: float, pairs: list[tuple[str, str]], gap: float = 8.0,
                    size: float = 11, label_color: Color = BLACK, value_color: Color = BLACK,
                    underline: float = 0.0, sep: str = "：", value_dx: float | None = None,
                    hand: bool = False) -> float:
        """"label：value" lines one under another; returns the y after the last line."""
        for i, (lab, value) in enumerate(pairs):
            yy = y + i * gap
            lab_text = lab + sep
            self.text(x, yy, lab_text, size, color=label_color)
            vx = x + (value_dx if value_dx is not None else text_width(lab_text, size) + 1)
            self.text(vx, yy, value, size, color=value_color, hand=hand)
            if underline:
                self.line(vx - 1, yy + 1.2, vx + underline, yy + 1.2, width=0.2, color=label_color)
        return y + len(pairs) * gap


def _spans(row: list, widths: list[float]) -> list[tuple[object, float, int]]:
    """Merge None cells into the cell to their left: [(cell, width, column index)]."""
    spans: list[list] = []
    for i, cell in enumerate(row):
        if cell is None and spans:
            spans[-1][1] += widths[i]
        else:
            spans.append([cell if cell is not None else "", widths[i], i])
    return [tuple(s) for s in spans]


def text_width(text: str, size: float) -> float:
    """Approximate printed width in mm: CJK full width, ASCII about half."""
    em = size * 0.3528
    return sum(em if ord(ch) > 0x2E80 else em * 0.55 for ch in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break prose into lines that fit ``width`` mm (CJK may break anywhere)."""
    lines, current = [], ""
    for ch in text:
        if text_width(current + ch, size) > width:
            lines.append(current)
            current = ch.lstrip()
        else:
            current += ch
    if current:
        lines.append(current)
    return lines
