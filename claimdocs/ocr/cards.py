"""A second look at cards copied or photographed small on a page (vision/cards.py).

Each card found is cut out of the upright page before cleanup (cleanup's thresholds are
set for the page, and wash out a card's pale labels and coloured title band), enlarged
to what a 300 dpi scan of the card would be (an ID-1 card is 85.6 mm wide: about
1000 px), sharpened (enlarging a blurred photo blurs it more), and read turned the way it
reads best.
Its words replace the page's first reading inside the card; the rest of the page keeps
the first reading.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from claimdocs.layout import centre_inside, lines_from_words
from claimdocs.model import Box, PageText, Word
from claimdocs.ocr import FLIP_BELOW, FLIP_MARGIN
from claimdocs.ocr.numbers import reread_numbers
from claimdocs.vision.imageops import rotate_quarter, to_grey, unsharp

CARD_LONG_SIDE_PX = 1000  # an 85.6 mm card at 300 dpi
MAX_CARD_SCALE = 4.0
SHARPEN_AMOUNT = 1.5
SHARPEN_SIGMA = 2.0


def read_cards(text: PageText, image: np.ndarray, boxes: tuple[Box, ...], dpi: float, engine,
               tells: Callable[[PageText], bool] | None = None) -> PageText:
    """``text`` with the words inside each card box replaced by a reading of the card
    alone, where that reading is the surer one (more characters read with confidence),
    or, ``tells`` given (whether a reading tells what card it is), the one that alone
    tells it: a blurred card's title 社会保障卡 read only enlarged (s3048-019, whose page
    reading held more characters, its card number among them misread)."""
    words = list(text.words)
    for box in boxes:
        first = [w for w in words if centre_inside(w.box, box)]
        second = read_card(image, box, dpi, engine, tells)
        told = tells is not None and tells(_as_text(second, text)) and not tells(_as_text(first, text))
        if told or _sure_characters(second) > _sure_characters(first):
            words = [w for w in words if not centre_inside(w.box, box)] + second
    if words == list(text.words):
        return text
    confidence = sum(w.confidence for w in words) / len(words)
    return PageText(text.source, lines_from_words(words), text.width, text.height, confidence)


def read_card(image: np.ndarray, box: Box, dpi: float, engine,
              tells: Callable[[PageText], bool] | None = None) -> list[Word]:
    """The words of one card, in page pixels. A card is read upright (turned by 90° when
    it stands on its side, taller than wide), and turned by 180° more when that reads
    poorly: the way that reads surer by a margin is taken, or, where ``tells`` says one
    way tells what card it is and the other does not, that way. A blurred card upside
    down reads as garbage either way up (0.22 and 0.26 on s3048-010's insurance card),
    and only its title, 社会保障卡 read one way, tells them apart."""
    x0, y0, x1, y1 = box
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    if crop.size == 0:
        return []
    scale = min(MAX_CARD_SCALE, max(1.0, CARD_LONG_SIDE_PX / max(crop.shape[:2])))
    card = enlarged(crop, scale)
    turns = (90, 270) if crop.shape[0] > crop.shape[1] else (0, 180)
    readings: list[tuple[PageText, int]] = []
    for turn in turns:
        reading = engine.read(rotate_quarter(card, turn), dpi * scale)
        readings.append((reading, turn))
        if (reading.confidence or 0.0) >= FLIP_BELOW:
            break  # read well the first way: upside-down Chinese reads as garbage (0.2-0.3)
    best, best_turn = _best_way(readings, tells)
    best = reread_numbers(best, rotate_quarter(card, best_turn), dpi * scale, engine)
    # A turned card's words keep the turned card's own layout (its lines stay lines),
    # placed at the card's corner on the page.
    return [Word(w.text, _placed(w.box, scale, x0, y0), w.confidence) for w in best.words]


def _best_way(readings: list[tuple[PageText, int]],
              tells: Callable[[PageText], bool] | None) -> tuple[PageText, int]:
    """Of a card's readings (the first way, and the other when the first read poorly),
    the one that alone tells what card it is, else the first unless the other reads
    surer by FLIP_MARGIN."""
    telling = [way for way in readings if tells is not None and tells(way[0])] if len(readings) > 1 else []
    if len(telling) == 1:
        return telling[0]
    best = readings[0]
    for reading in readings[1:]:
        if (reading[0].confidence or 0.0) > (best[0].confidence or 0.0) + FLIP_MARGIN:
            best = reading
    return best


def enlarged(crop: np.ndarray, scale: float) -> np.ndarray:
    """A grey crop enlarged by ``scale`` and sharpened with an unsharp mask."""
    grey = to_grey(crop)
    if scale > 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return unsharp(grey, SHARPEN_SIGMA, SHARPEN_AMOUNT)


def _placed(box: Box, scale: float, x0: int, y0: int) -> Box:
    return (round(box[0] / scale) + x0, round(box[1] / scale) + y0,
            round(box[2] / scale) + x0, round(box[3] / scale) + y0)


def _as_text(words: list[Word], page: PageText) -> PageText:
    """``words`` alone as a reading of ``page``."""
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return PageText(page.source, lines_from_words(words), page.width, page.height, confidence)


def _sure_characters(words: list[Word]) -> float:
    """How much a reading says: its characters, each counted by its word's confidence."""
    return sum(len(w.text) * w.confidence for w in words)
