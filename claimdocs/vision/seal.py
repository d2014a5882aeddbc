"""Red seals (公章) on a page: round or oval red rings 2.5–5 cm across (domain.md §3 "Seals").

Red pre-printed invoice forms, red table rules and red titles are red too; what sets a
seal apart is its outline: a closed, nearly elliptical ring of a seal's size, red along
most of its circumference.

On a grey scan a red seal turns pale grey, paler than the black print: the same ring
search runs on the pale ink. A grey ring of a seal's size is a seal; where none is found
the answer stays None, since a grey page cannot show that a seal is absent.
"""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import Box
from claimdocs.vision.cleanup import flatten_background
from claimdocs.vision.imageops import close_rect, dilate_rect, has_colour, remove_rules, shrink, to_grey

WORK_LONG_SIDE = 1400
# A seal on a preview of this size still has a ring of well over 100 red pixels.
PREVIEW_LONG_SIDE = 400
MIN_RED_PIXELS_PREVIEW = 40
# Seal diameter on paper, cm. Seals are 3.8–5 cm (round) or 4×3 cm (oval); the range is
# widened because the page's dpi is often estimated (photos: A4 assumption).
SEAL_DIAMETER_CM = (2.0, 6.5)
MAX_ASPECT = 1.8  # oval seals are ~4:3; longer blobs are text or rules
MIN_RING_COVERAGE = 0.7  # share of the ellipse's circumference that must be red
MAX_HOUGH_CANDIDATES = 6
HOUGH_LONG_SIDE = 600
HOUGH_RING_COVERAGE = 0.85  # stricter for a circle found by voting, which can pass through red text
MAX_OUTLINE_ERROR = 0.12
RULE_MIN_LENGTH = 1 / 10  # share of the page's long side  # mean distance of the outline from the fitted ellipse / radius
# OpenCV hue runs 0–180; red wraps around 0. Saturation keeps pink (faded) ink in.
_RED_LOW = ((0, 60, 60), (12, 255, 255))
_RED_HIGH = ((160, 60, 60), (180, 255, 255))


def find_seals(image: np.ndarray, dpi: float, colour: bool | None = None,
               grey: np.ndarray | None = None) -> tuple[bool | None, tuple[Box, ...]]:
    """Look for red seals on a page.

    Args:
        image: the upright page, BGR.
        dpi: its resolution (stated or estimated), to judge a blob's size on paper.
        colour: ``has_colour(image)``, and ``grey``: ``to_grey(image)``, when the caller
            has them already (each is worked out from ``image`` otherwise).

    Returns:
        (True, boxes) when seals are found; (False, ()) when none; (None, ()) when the
        image has no colour (a grey scan or photo) and no pale seal ring shows on it, so
        a seal's absence cannot be seen.
    """
    if not (has_colour(image) if colour is None else colour):
        boxes = _rings(pale_ink_mask, to_grey(image) if grey is None else grey, dpi)
        return (True, boxes) if boxes else (None, ())
    if _red_pixels(image) < MIN_RED_PIXELS_PREVIEW:
        return False, ()  # most pages have no red ink at all: answer from a small preview
    boxes = _rings(red_mask, image, dpi)
    return bool(boxes), boxes


def _rings(ink_of, image: np.ndarray, dpi: float) -> tuple[Box, ...]:
    """Boxes of the seal rings among the ink that ``ink_of`` masks on ``image``."""
    small, factor = shrink(image, WORK_LONG_SIDE)
    mask = ink_of(small)
    px_per_cm = dpi * factor / 2.54
    rings = [_ellipse_box(c) for c in _outlines(mask) if _is_seal(c, mask, px_per_cm)]
    if not rings:
        rings = _round_seals(mask, px_per_cm)
    return tuple(_scale_box(box, factor) for box in merge_overlapping(rings))


def _red_pixels(image: np.ndarray) -> int:
    preview, _ = shrink(image, PREVIEW_LONG_SIDE)
    return cv2.countNonZero(red_mask(preview))


def red_mask(image: np.ndarray) -> np.ndarray:
    """255 where a pixel is red or pink ink (HSV hue near 0/180, saturated enough)."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    low = cv2.inRange(hsv, np.array(_RED_LOW[0]), np.array(_RED_LOW[1]))
    high = cv2.inRange(hsv, np.array(_RED_HIGH[0]), np.array(_RED_HIGH[1]))
    return cv2.bitwise_or(low, high)


# On a grey page with its lighting flattened (paper 255): black print is darker than
# DARK_INK, a red seal's ink lies between PALE_INK's bounds; the grey edges of black
# strokes (within 2 px of dark ink) are not seal ink. Measured on the development set's
# grey pages: 44 seals found, none where there is none, 16 missed (mostly the red emblem
# of an ID card's back, too small and broken for a ring).
DARK_INK = 90
PALE_INK = (100, 215)


def pale_ink_mask(grey: np.ndarray) -> np.ndarray:
    """255 where a grey page holds pale ink away from black print: a red seal scanned grey."""
    flat = flatten_background(grey)
    near_dark = dilate_rect((flat < DARK_INK).astype(np.uint8), 5, 5)
    pale = cv2.inRange(flat, PALE_INK[0], PALE_INK[1])
    pale[near_dark > 0] = 0
    return pale


def _round_seals(mask: np.ndarray, px_per_cm: float) -> list[Box]:
    """Round seals found as circles (Hough), red around their circumference.

    The outline test fails when a seal is stamped over red labels: ring and labels merge
    into one blob whose outline is no ellipse. A circle search sees the ring regardless.
    """
    small, factor = shrink(mask, HOUGH_LONG_SIDE)
    low, high = (d * px_per_cm * factor / 2 for d in SEAL_DIAMETER_CM)
    blurred = cv2.GaussianBlur(small, (3, 3), 0)
    # HOUGH_GRADIENT_ALT: 25× faster than the classic vote here, and it scores circles by
    # how perfect they are (param2 = 0.8), so red table rules do not vote for phantoms.
    circles = cv2.HoughCircles(blurred, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=low * 2, param1=300, param2=0.8,
                               minRadius=int(low), maxRadius=int(high) + 1)
    boxes = []
    # Circles come strongest first; a page has at most a few seals.
    for cx, cy, radius in (circles[0][:MAX_HOUGH_CANDIDATES] / factor if circles is not None else []):
        ellipse = ((float(cx), float(cy)), (2 * float(radius), 2 * float(radius)), 0.0)
        if ring_coverage(mask, ellipse) >= HOUGH_RING_COVERAGE:
            boxes.append((int(cx - radius), int(cy - radius), int(cx + radius) + 1, int(cy + radius) + 1))
    return boxes


def _outlines(mask: np.ndarray) -> list[np.ndarray]:
    """Outer outlines of red blobs once red rules are removed (a seal stamped across a red
    form's lines would otherwise be one blob with the whole form), after closing small
    gaps in rings (worn ink, black text printed over, the cut where a rule crossed).
    Only rules longer than 1/10 of the page go: over a shorter run a seal's own top or
    bottom arc is straight enough to pass for a rule."""
    closed = close_rect(remove_rules(mask, RULE_MIN_LENGTH), 7, 7)
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return [c for c in contours if len(c) >= 20]


def _is_seal(outline: np.ndarray, mask: np.ndarray, px_per_cm: float) -> bool:
    """A seal: seal-sized, not elongated, elliptical outline, red around its circumference."""
    (cx, cy), (axis_a, axis_b), angle = cv2.fitEllipse(outline)
    major, minor = max(axis_a, axis_b), max(min(axis_a, axis_b), 1.0)
    low, high = (d * px_per_cm for d in SEAL_DIAMETER_CM)
    if not (low <= major <= high and major / minor <= MAX_ASPECT):
        return False
    ellipse = ((cx, cy), (axis_a, axis_b), angle)
    return (_outline_error(outline, ellipse) <= MAX_OUTLINE_ERROR
            and ring_coverage(mask, ellipse) >= MIN_RING_COVERAGE)


def _outline_error(outline: np.ndarray, ellipse) -> float:
    """Mean distance of the outline from the ellipse, relative to its mean radius."""
    (cx, cy), (axis_a, axis_b), angle = ellipse
    theta = np.deg2rad(angle)
    points = outline.reshape(-1, 2).astype(np.float64) - (cx, cy)
    # Coordinates in the ellipse's own frame, scaled so the ellipse is the unit circle.
    u = (points[:, 0] * np.cos(theta) + points[:, 1] * np.sin(theta)) / (axis_a / 2)
    v = (-points[:, 0] * np.sin(theta) + points[:, 1] * np.cos(theta)) / (axis_b / 2)
    return float(np.mean(np.abs(np.hypot(u, v) - 1.0)))


def ring_coverage(mask: np.ndarray, ellipse, samples: int = 72) -> float:
    """Share of directions in which red ink lies on a band just inside the ellipse.

    A red table cell or a block of red text may have an elliptical-ish outline, but it
    is not red all the way round just inside it; a seal's ring is.
    """
    (cx, cy), (axis_a, axis_b), angle = ellipse
    theta, hits = np.deg2rad(angle), 0
    for phi in np.linspace(0, 2 * np.pi, samples, endpoint=False):
        for scale in (0.78, 0.84, 0.9, 0.96, 1.0):
            u, v = axis_a / 2 * scale * np.cos(phi), axis_b / 2 * scale * np.sin(phi)
            x = int(round(cx + u * np.cos(theta) - v * np.sin(theta)))
            y = int(round(cy + u * np.sin(theta) + v * np.cos(theta)))
            if 0 <= y < mask.shape[0] and 0 <= x < mask.shape[1] and mask[y, x]:
                hits += 1
                break
    return hits / samples


def _ellipse_box(outline: np.ndarray) -> Box:
    """Box of the ellipse fitted to an outline: a ring cut in arcs by a red rule gives
    several outlines, each fitting (about) the whole ring."""
    (cx, cy), (axis_a, axis_b), angle = cv2.fitEllipse(outline)
    points = cv2.ellipse2Poly((int(cx), int(cy)), (int(axis_a / 2), int(axis_b / 2)), int(angle), 0, 360, 10)
    x, y, w, h = cv2.boundingRect(points)
    return (x, y, x + w, y + h)


def merge_overlapping(boxes: list[Box]) -> list[Box]:
    """Union boxes that overlap by more than a third of the smaller one (arcs of one seal)."""
    merged: list[Box] = []
    for box in sorted(boxes):
        for i, other in enumerate(merged):
            if _overlap(box, other) > 1 / 3:
                merged[i] = (min(box[0], other[0]), min(box[1], other[1]),
                             max(box[2], other[2]), max(box[3], other[3]))
                break
        else:
            merged.append(box)
    return merged


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / max(smaller, 1)


def _scale_box(box: Box, factor: float) -> Box:
    return tuple(int(round(v / factor)) for v in box)  # type: ignore[return-value]
