"""OCR: an engine protocol and the Tesseract engine.

``OcrEngine`` is what the pipeline needs from any OCR engine: a grey page image in,
words with boxes and confidences out. :class:`TesseractEngine` is the one shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from claimdocs.model import PageText
from claimdocs.ocr.tesseract import TesseractEngine
from claimdocs.vision.imageops import rotate_quarter


class OcrEngine(Protocol):
    def read(self, image: np.ndarray, dpi: float, scale: float = 1.0, block: bool = False,
             languages: str | None = None) -> PageText:
        """Read a grey, upright page image enlarged by ``scale``; boxes in page pixels.
        ``block``: read it as one uniform block (a cut-out table column).
        ``languages``: other languages than the engine's for this call (``eng``).

        Raises OcrError / OcrTimeoutError."""
        ...


# Tesseract reads Chinese best at characters of about 30 px and up: a photographed
# expense list at 21 px read 14 of 25 known values, enlarged to 32 px 24 of 25.
TARGET_CHAR_HEIGHT = 30.0
MAX_SCALE = 1.5
# Characters far larger (a 12-megapixel phone photo of an A4 page: 50–70 px) are read as
# well at 40 px and in half the time (rendered pages at 57 and 71 px: 0.71 s → 0.35 s and
# 1.01 s → 0.44 s, no more misread characters).
SHRINK_ABOVE_CHAR_HEIGHT = 52.0
SHRUNK_CHAR_HEIGHT = 40.0


def scale_for(char_height_px: float | None) -> float:
    """How much to enlarge (or shrink) a page before OCR, from its measured character height."""
    if not char_height_px or char_height_px <= 0:
        return 1.0
    if char_height_px > SHRINK_ABOVE_CHAR_HEIGHT:
        return round(SHRUNK_CHAR_HEIGHT / char_height_px, 2)
    scale = min(MAX_SCALE, TARGET_CHAR_HEIGHT / char_height_px)
    return round(scale, 2) if scale >= 1.2 else 1.0


# Below this mean word confidence a page may be upside down: the layout-based orientation
# check (vision.orientation) can be fooled by sparse pages such as card copies, while
# upside-down Chinese comes back from Tesseract as confident-looking garbage near 0.2-0.3.
# Correctly oriented pages, even poor photos, score 0.6 and up on the sample packets.
FLIP_BELOW = 0.55
FLIP_MARGIN = 0.10
# Below this even the better of the two readings is garbage: the page may lie on its side.
SIDEWAYS_BELOW = 0.45


@dataclass(frozen=True)
class Reading:
    text: PageText
    flipped: bool  # the page was read turned by 180 degrees
    sideways: int = 0  # or turned by 90 / 270 degrees clockwise


def read_upright(engine: OcrEngine, image: np.ndarray, dpi: float, scale: float = 1.0) -> Reading:
    """OCR a page; when the reading is poor, also read it turned by 180° and keep the better.

    Costs a third of an OCR on pages that read badly (their wordiest third, turned) and a
    second whole reading only when that third reads better turned; it is the last line
    of defence against an orientation mistake, where OCR is the only judge that knows.
    """
    text = engine.read(image, dpi, scale)
    if (text.confidence or 0.0) >= FLIP_BELOW:
        return Reading(text, False)
    if not _band_reads_better_turned(engine, image, dpi, scale, text):
        return Reading(text, False)
    turned = engine.read(cv2.rotate(image, cv2.ROTATE_180), dpi, scale)
    if (turned.confidence or 0.0) > (text.confidence or 0.0) + FLIP_MARGIN:
        return Reading(turned, True)
    return Reading(text, False)


def _band_reads_better_turned(engine: OcrEngine, image: np.ndarray, dpi: float, scale: float,
                              first: PageText) -> bool:
    """Whether the page's wordiest third reads better turned by 180°: a third of an OCR
    pass decides whether the whole page is worth reading again upside down."""
    height = image.shape[0]
    band = height // 3
    if band < 32 or not first.words:
        return True
    thirds = [min(2, int((w.box[1] + w.box[3]) / 2 // band)) for w in first.words]
    k = max(range(3), key=thirds.count)
    y0, y1 = k * band, height if k == 2 else (k + 1) * band
    inside = [w.confidence for w, third in zip(first.words, thirds) if third == k]
    upright = sum(inside) / len(inside) if inside else 0.0
    turned = engine.read(cv2.rotate(np.ascontiguousarray(image[y0:y1]), cv2.ROTATE_180), dpi, scale)
    return (turned.confidence or 0.0) > upright + FLIP_MARGIN


def read_turns(engine: OcrEngine, image: np.ndarray, dpi: float, scale: float,
               turns: tuple[int, ...] = (90, 270)) -> list[Reading]:
    """The page read turned by each of ``turns`` (degrees clockwise: 90, 180, 270), for a
    page still garbage both ways up (a card photographed sideways fools the layout test)."""
    readings = []
    for turn in turns:
        text = engine.read(rotate_quarter(image, turn), dpi, scale)
        readings.append(Reading(text, flipped=turn == 180, sideways=0 if turn == 180 else turn))
    return readings


def most_confident(first: Reading, others: list[Reading]) -> Reading:
    """The reading read surest, by FLIP_MARGIN over ``first`` and each one before it."""
    best = first
    for reading in others:
        if (reading.text.confidence or 0.0) > (best.text.confidence or 0.0) + FLIP_MARGIN:
            best = reading
    return best


__all__ = ["OcrEngine", "Reading", "SIDEWAYS_BELOW", "TesseractEngine", "most_confident", "read_turns", "read_upright",
           "scale_for"]
