"""Cards on a page: where an ID card or a social security card was copied or photographed.

People hand in their ID card and insurance card as a photocopy on an A4 sheet (front and
back, side by side or one above the other) or as a photo of the sheet. The card then
fills a tenth of the page and its labels are 8-10 px high: too small for Tesseract,
which reads the rest of the page well. The card's outline is what a copier or a camera
keeps best, and every such card has one shape: ISO/IEC 7810 ID-1, 85.6 × 54 mm. This
module finds those outlines, so the pipeline can read each card again, enlarged
(ocr/cards.py, through pipeline.look_at_cards).
"""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import Box
from claimdocs.vision.imageops import dilate_rect, shrink, to_grey

CARD_ASPECT = 85.6 / 54.0  # ISO/IEC 7810 ID-1
# Perspective left over after flattening a photo stretches a card a little either way.
ASPECT_TOLERANCE = 0.16
# A card copied onto A4 covers about 7 % of the sheet; a photo of a card cut close, most of
# it. Below the lower bound it is a stamp or a photo box, above it the page is the card.
MIN_AREA_SHARE = 0.015
MAX_AREA_SHARE = 0.6
# The outline must be a rectangle, not a blob: its contour fills its bounding box.
MIN_FILL = 0.85
WORK_LONG_SIDE = 1000


# Canny's thresholds for a card's outline; the faint ones for a grey card on grey paper
# (a flatbed scan of a social security card: card and sheet 16 grey levels apart), tried
# when the first find none.
EDGE_THRESHOLDS = (20, 60)
FAINT_EDGE_THRESHOLDS = (10, 30)


def find_cards(image: np.ndarray) -> tuple[Box, ...]:
    """Boxes (x0, y0, x1, y1, in ``image`` pixels) of card-shaped rectangles on the page,
    outermost outline only, top to bottom."""
    small, factor = shrink(to_grey(image), WORK_LONG_SIDE)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    kept: list[Box] = []
    for low, high in (EDGE_THRESHOLDS, FAINT_EDGE_THRESHOLDS):
        kept = _outermost(_card_outlines(blurred, low, high))
        if kept:
            break
    return tuple(sorted((_scaled(box, 1 / factor) for box in kept), key=lambda b: (b[1], b[0])))


def _card_outlines(small: np.ndarray, low: int, high: int) -> list[Box]:
    """Card-shaped rectangles among the edges Canny finds between ``low`` and ``high``:
    an outline, or a title band and the body below it, which a band's lower edge splits
    into two rectangles (_band_and_body)."""
    height, width = small.shape
    edges = dilate_rect(cv2.Canny(small, low, high), 3, 3)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    rectangles = [box for box in map(_card_box, contours) if box]
    return [box for box in rectangles + _band_and_body(rectangles) if _plausible(box, width * height)]


# A title band spans its card's width: band and body share their sides to a few pixels
# (of WORK_LONG_SIDE) and meet, the band's lower edge on the body's upper edge.
SIDE_TOLERANCE = 6
MAX_BAND_ASPECT = 4.0  # a band is at least four times as wide as it is high


def _band_and_body(rectangles: list[Box]) -> list[Box]:
    """Cards whose coloured title band (社会保障卡 white on a dark band) outlines itself
    apart from the card's pale body: each band over a body of the same width, as one."""
    found = []
    for band in rectangles:
        band_width, band_height = band[2] - band[0], band[3] - band[1]
        if band_width < MAX_BAND_ASPECT * band_height:
            continue
        for body in rectangles:
            if body[1] > band[1] and abs(body[0] - band[0]) <= SIDE_TOLERANCE \
                    and abs(body[2] - band[2]) <= SIDE_TOLERANCE and abs(body[1] - band[3]) <= SIDE_TOLERANCE:
                found.append((min(band[0], body[0]), band[1], max(band[2], body[2]), body[3]))
    return found


def _card_box(contour: np.ndarray) -> Box | None:
    x, y, w, h = cv2.boundingRect(contour)
    if w == 0 or h == 0:
        return None
    if cv2.contourArea(cv2.convexHull(contour)) < MIN_FILL * w * h:
        return None
    return (x, y, x + w, y + h)


def _plausible(box: Box, page_area: int) -> bool:
    width, height = box[2] - box[0], box[3] - box[1]
    area_share = width * height / page_area
    aspect = max(width, height) / min(width, height)
    return MIN_AREA_SHARE <= area_share <= MAX_AREA_SHARE and abs(aspect - CARD_ASPECT) <= ASPECT_TOLERANCE * CARD_ASPECT


def _outermost(boxes: list[Box]) -> list[Box]:
    """An outline gives two contours (inside and outside of the line): keep the outer one."""
    kept: list[Box] = []
    for box in sorted(boxes, key=_area, reverse=True):
        if not any(_mostly_inside(box, outer) for outer in kept):
            kept.append(box)
    return kept


def _mostly_inside(inner: Box, outer: Box) -> bool:
    width = min(inner[2], outer[2]) - max(inner[0], outer[0])
    height = min(inner[3], outer[3]) - max(inner[1], outer[1])
    return width > 0 and height > 0 and width * height >= 0.8 * _area(inner)


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _scaled(box: Box, factor: float) -> Box:
    return tuple(int(round(v * factor)) for v in box)  # type: ignore[return-value]
