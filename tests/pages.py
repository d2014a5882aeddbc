"""Render simple Chinese document pages for tests that need real OCR on real pixels."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def render_page(title: str, rows: list[str | list[str]], dpi: int = 200, columns: list[int] | None = None) -> np.ndarray:
    """An A4 page at ``dpi``: a bold centred title, then one text row per entry.

    A row given as a list is a table row: its cells start at the x positions of
    ``columns`` (fractions of the page width in per-mille).
    """
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = max(12, dpi // 7)
    body = ImageFont.truetype(FONT, size)
    heading = ImageFont.truetype(BOLD, int(size * 1.6))
    title_width = draw.textlength(title, font=heading)
    draw.text(((width - title_width) / 2, dpi * 0.6), title, font=heading, fill=0)
    y = dpi * 1.3
    for row in rows:
        if isinstance(row, str):
            draw.text((dpi * 0.7, y), row, font=body, fill=0)
        else:
            for cell, x in zip(row, columns or []):
                draw.text((width * x / 1000, y), cell, font=body, fill=0)
        y += size * 1.9
    return np.array(image)
