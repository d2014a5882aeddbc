"""Geometry of a page: find the paper in a phone photo, flatten its perspective, deskew.

Clean scans are left alone: no paper outline is found when the paper fills the frame,
and skew under SKEW_MIN_DEGREES is not corrected (resampling would only soften text).
"""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.vision.imageops import close_rect, ink_mask, open_rect, remove_rules, shrink, to_grey

PAPER_LONG_SIDE = 800
# The paper must cover this share of the photo; above the upper bound it fills the
# frame (a scan, or a photo cropped to the page) and nothing is cut away.
PAPER_AREA = (0.2, 0.92)
# Share trimmed off each side of a cut-out sheet: corners are found at 800 px, so the
# edges may carry a few pixels of desk, which would read as ink running off the page.
# Printed documents keep margins of 1 cm and more, far wider than this.
PAPER_INSET = 0.012
SKEW_LONG_SIDE = 1000
SKEW_RANGE_DEGREES = 10.0
SKEW_MIN_DEGREES = 0.3


def find_paper(image: np.ndarray) -> np.ndarray | None:
    """Find the sheet of paper in a photo: the largest region that is well fitted by four
    corners, among the bright region (Otsu), the smooth regions bounded by edges, and any
    two of them joined across a shadow.

    Brightness alone fails when a shadow darkens part of the sheet below a bright desk's
    streaks; a sheet is also smoother than a desk's grain and bounded by a sharp edge, so
    smooth regions brighter than the frame's border are candidates too, when their four
    corners cover them closely (QUAD_FIT; the bright region, ragged where it meets a
    shadow, BRIGHT_FIT). A straight-edged shadow band can split a sheet into two good
    quadrilaterals: the two are joined when the band between them is paper in shadow
    (see _sheet_across_shadow). The largest quadrilateral wins.

    Args:
        image: BGR or grey photo.

    Returns:
        The four corners (float32, 4×2, full-resolution pixels) ordered top-left,
        top-right, bottom-right, bottom-left; None when no such region stands out.
    """
    small, factor = shrink(to_grey(image), PAPER_LONG_SIDE)
    bright = _bright_region(small)
    border = _border_level(small)
    grainy = _grainy(small)
    smooth = _smooth_regions(small, border, grainy)
    parts = ([bright] if bright is not None else []) + smooth
    found = []
    for outline in parts:
        corners = _four_corners(outline)
        if corners is None:
            continue
        share = cv2.contourArea(corners.reshape(-1, 1, 2)) / float(small.size)
        fits = _fit(corners, outline, small.shape) >= (BRIGHT_FIT if outline is bright else QUAD_FIT)
        if fits and PAPER_AREA[0] <= share <= PAPER_AREA[1]:
            found.append((share, corners))
    found += [one for i, a in enumerate(parts) for b in parts[i + 1:]
              if (one := _sheet_across_shadow(small, a, b, border)) is not None]
    return order_corners(_the_sheet(small, found, grainy) / factor) if found else None


def _the_sheet(small: np.ndarray, found: list[tuple[float, np.ndarray]], grainy: np.ndarray) -> np.ndarray:
    """Of the quadrilaterals found (share of the photo, corners), the largest, unless a
    smaller one is edged along more of its length (by EDGE_TOLERANCE) and what the larger
    adds to it is desk: a bright region run into a desk's light streaks. What a sheet's
    shaded part or a shine on it adds is smooth paper, and the larger stays. ``grainy``:
    the photo's grainy pixels (_grainy)."""
    by_size = sorted(found, key=lambda one: one[0], reverse=True)
    supports = {id(one): edge_support(small, order_corners(one[1])) for one in by_size}
    sheet = by_size[0]
    for other in by_size[1:]:
        if supports[id(other)] >= supports[id(sheet)] + EDGE_TOLERANCE \
                and _grainy_share(grainy, sheet[1], other[1]) >= DESK_GRAIN:
            sheet = other
    return sheet[1]


# Of what a larger quadrilateral adds to a smaller one, this share or more grainy (local
# spread at or above the photo's median) is desk: 0.48-0.98 where a bright region ran
# into the desk (0.48: a wedge of desk above a list, whose rows then read slanted),
# 0.27-0.35 where a sheet's shaded side or shine was cut off (43 development photos).
DESK_GRAIN = 0.42


def _grainy_share(grainy: np.ndarray, larger: np.ndarray, smaller: np.ndarray) -> float:
    """The share of grainy pixels in what the quadrilateral ``larger`` adds to ``smaller``."""
    outer, inner = np.zeros(grainy.shape, np.uint8), np.zeros(grainy.shape, np.uint8)
    cv2.fillPoly(outer, [larger.astype(np.int32).reshape(-1, 1, 2)], 1)
    cv2.fillPoly(inner, [smaller.astype(np.int32).reshape(-1, 1, 2)], 1)
    added = (outer == 1) & (inner == 0)
    return float(np.count_nonzero(grainy & added)) / max(1, np.count_nonzero(added))


# A sheet's outline is edged: just inside it the paper is this many grey levels brighter
# than the desk just outside, along most of its length (edge_support). Inside is sampled
# EDGE_INSIDE px in, outside EDGE_OUTSIDE px out (at 800 px): a smooth region's outline
# runs a few pixels inside the sheet's edge, whose own contrast made it less smooth.
EDGE_STEP = 12.0
EDGE_INSIDE, EDGE_OUTSIDE = 6.0, 10.0
EDGE_SAMPLES = 40
# A smaller quadrilateral edged along this much more of its length than a larger one may
# be the sheet (_the_sheet): a bright region run into a desk's light streaks makes a
# larger quadrilateral (fitted at 0.89) whose sides cross the desk, edged along 40-76 % of
# their length, where the sheet's own outline is edged along 75-100 % (development photos).
EDGE_TOLERANCE = 0.1


def edge_support(small: np.ndarray, corners: np.ndarray) -> float:
    """The share of a quadrilateral's outline (ordered corners) along which the inside
    is brighter than the outside by EDGE_STEP; stretches on the frame's edge, where a
    sheet runs out of the photo and there is no outside, are left out of the count."""
    height, width = small.shape[:2]
    blurred = cv2.blur(small, (5, 5)).astype(np.float32)
    centre = corners.mean(axis=0)
    edged = counted = 0
    for start, end in zip(corners, np.roll(corners, -1, axis=0)):
        along = end - start
        inward = np.array([-along[1], along[0]]) / max(float(np.linalg.norm(along)), 1e-6)
        if np.dot(centre - (start + end) / 2, inward) < 0:
            inward = -inward
        points = start + np.linspace(0.05, 0.95, EDGE_SAMPLES)[:, None] * along
        inside, outside = points + EDGE_INSIDE * inward, points - EDGE_OUTSIDE * inward
        framed = ((outside < 0) | (outside > [width - 1, height - 1])).any(axis=1)
        inside = np.clip(inside, 0, [width - 1, height - 1]).astype(int)
        outside = np.clip(outside, 0, [width - 1, height - 1]).astype(int)
        step = blurred[inside[:, 1], inside[:, 0]] - blurred[outside[:, 1], outside[:, 0]]
        edged += int(np.count_nonzero((step >= EDGE_STEP) & ~framed))
        counted += int(np.count_nonzero(~framed))
    return edged / counted if counted else 0.0


# Two parts of a sheet joined across a shadow must cover this much of their common
# quadrilateral; the parts and what they leave uncovered must be brighter than the desk
# and keep this share of the brightest one's level: a shadow dims paper (to 0.72 in the
# photo that showed the need, to 0.58 on s3039-023, a card copy whose shaded side was
# taken for the sheet), a card's dark printed title band is darker (0.45). A table
# printed on the shaded side is no smooth region: the parts of a household register
# split by a diagonal shadow covered 0.61 of the sheet (s3063-021, whose lit part alone
# had been taken, the register read in half); what they leave is told from a desk by its
# brightness, not by this share.
PARTS_COVER = 0.5
SHADOW_KEEPS = 0.55


def _sheet_across_shadow(small: np.ndarray, first: np.ndarray, second: np.ndarray,
                         border: float) -> tuple[float, np.ndarray] | None:
    """The sheet as two regions joined (the bright one, smooth ones), when a shadow band
    (a phone's or a hand's, straight-edged) splits the sheet: each part alone may be a
    good quadrilateral, and the larger one would cut the sheet short.

    The two parts' convex hull must be fitted by four corners, the parts must cover most
    of it, and both parts and the band between them must look like paper, lit or in
    shadow: brighter than the desk, and none much darker than the brightest (a card's
    dark printed title band is no paper in shadow)."""
    hull = cv2.convexHull(np.concatenate([first, second]))
    corners = _four_corners(hull)
    # A sheet joined from parts lies inside the frame: a part reaching the frame's edge
    # with the sheet is the desk, however light.
    if corners is None or _fit(corners, hull, small.shape) < QUAD_FIT or not clear_of_edges(corners, small.shape):
        return None
    quad, parts = np.zeros(small.shape, np.uint8), np.zeros(small.shape, np.uint8)
    cv2.fillPoly(quad, [corners.astype(np.int32).reshape(-1, 1, 2)], 255)
    cv2.drawContours(parts, [first, second], -1, 255, -1)
    covered = np.count_nonzero(quad & parts) / max(1, np.count_nonzero(quad))
    share = np.count_nonzero(quad) / float(small.size)
    if covered < PARTS_COVER or not PAPER_AREA[0] <= share <= PAPER_AREA[1]:
        return None
    levels = sorted(_level(small, outline) for outline in (first, second))
    band = cv2.subtract(quad, parts)
    if band.any():
        levels.insert(0, cv2.mean(small, mask=band)[0])
    # Every part, and the band between them, is paper: lit, or in shadow.
    if min(levels) > border + BRIGHTER_THAN_BORDER and min(levels) >= SHADOW_KEEPS * max(levels):
        return share, corners
    return None


def _level(small: np.ndarray, outline: np.ndarray) -> float:
    """The mean grey level inside ``outline``."""
    inside = np.zeros(small.shape, np.uint8)
    cv2.drawContours(inside, [outline], -1, 255, -1)
    return cv2.mean(small, mask=inside)[0]


# Four corners fit a region when the quadrilateral and the region overlap this much
# (intersection over union): a sheet's outline is straight, a shadow's or a desk's is not.
QUAD_FIT = 0.9
# The bright region is closed over the text and its outline is ragged where a shadow or
# the desk's light streaks touch it: it is held to a looser fit, but held to one (a
# bright region run into a desk's streaks is a triangle, fitting at 0.83).
BRIGHT_FIT = 0.85
SMOOTH_WINDOW = 9
SMOOTH_CANDIDATES = 3
BORDER_PX = 10
BRIGHTER_THAN_BORDER = 20  # grey levels: paper against a desk, not paper against paper


def _bright_region(small: np.ndarray) -> np.ndarray | None:
    """The outline of the largest bright region (Otsu), closed over the text."""
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = close_rect(bright, 15, 15)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return max(contours, key=cv2.contourArea) if contours else None


def _border_level(small: np.ndarray) -> float:
    """The grey level of the frame's border: desk (photo) or paper (scan, photo cropped to
    the page). The median ignores a scanner's dark edge strip."""
    return float(np.median(np.concatenate([small[:BORDER_PX].ravel(), small[-BORDER_PX:].ravel(),
                                           small[:, :BORDER_PX].ravel(), small[:, -BORDER_PX:].ravel()])))


def _smooth_regions(small: np.ndarray, border: float, grainy: np.ndarray) -> list[np.ndarray]:
    """Outlines of the largest regions not ``grainy`` (_grainy), brighter than the
    frame's ``border``: a sheet among a desk's grain."""
    smooth = (~grainy).astype(np.uint8) * 255
    smooth = open_rect(smooth, 3, 3)
    contours, _ = cv2.findContours(smooth, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    largest = sorted(contours, key=cv2.contourArea, reverse=True)[:SMOOTH_CANDIDATES]
    return [outline for outline in largest if _level(small, outline) > border + BRIGHTER_THAN_BORDER]


def _grainy(small: np.ndarray) -> np.ndarray:
    """The pixels whose local standard deviation (SMOOTH_WINDOW) is at or above the
    photo's median: a desk's grain; paper is smooth."""
    grey = small.astype(np.float32)
    window = (SMOOTH_WINDOW, SMOOTH_WINDOW)
    mean = cv2.blur(grey, window)
    spread = np.sqrt(np.maximum(cv2.blur(grey * grey, window) - mean * mean, 0))
    return spread >= np.median(spread)


def _fit(corners: np.ndarray, outline: np.ndarray, shape: tuple[int, ...]) -> float:
    """Intersection over union of the quadrilateral ``corners`` and the filled ``outline``."""
    quad, region = np.zeros(shape[:2], np.uint8), np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(quad, [corners.astype(np.int32).reshape(-1, 1, 2)], 1)
    cv2.drawContours(region, [outline], -1, 1, -1)
    return float(np.count_nonzero(quad & region)) / max(1, np.count_nonzero(quad | region))


# A sheet whose corners all keep this share of the frame's size from its edges was
# photographed whole.
CLEAR_OF_EDGES = 0.01


def clear_of_edges(corners: np.ndarray, shape: tuple[int, ...]) -> bool:
    """True when all four ``corners`` lie inside the frame, clear of its edges."""
    height, width = shape[:2]
    mx, my = CLEAR_OF_EDGES * width, CLEAR_OF_EDGES * height
    return bool(np.all((corners[:, 0] > mx) & (corners[:, 0] < width - mx)
                       & (corners[:, 1] > my) & (corners[:, 1] < height - my)))


# The corners furthest out in the four diagonal directions stand for the sheet when the
# outline does not simplify to four corners (the grain of a wooden table frays it), if
# they span nearly all of the outline's hull.
EXTREME_CORNERS_MIN_SHARE = 0.9


def _four_corners(outline: np.ndarray) -> np.ndarray | None:
    """Simplify an outline until it has four corners (a curled sheet needs more slack);
    failing that, its four extreme corners."""
    perimeter = cv2.arcLength(outline, True)
    for slack in (0.02, 0.03, 0.04, 0.05):
        polygon = cv2.approxPolyDP(outline, slack * perimeter, True)
        if len(polygon) == 4 and cv2.isContourConvex(polygon):
            return polygon.reshape(4, 2).astype(np.float32)
    return _extreme_corners(outline)


def _extreme_corners(outline: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(outline).reshape(-1, 2).astype(np.float32)
    total, diff = hull.sum(axis=1), hull[:, 0] - hull[:, 1]
    corners = np.array([hull[np.argmin(total)], hull[np.argmax(diff)], hull[np.argmax(total)],
                        hull[np.argmin(diff)]], np.float32)
    hull_area = cv2.contourArea(hull.reshape(-1, 1, 2))
    if hull_area <= 0 or cv2.contourArea(corners.reshape(-1, 1, 2)) < EXTREME_CORNERS_MIN_SHARE * hull_area:
        return None
    return corners


def order_corners(points: np.ndarray) -> np.ndarray:
    """Order four points top-left, top-right, bottom-right, bottom-left."""
    total, diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(total)], points[np.argmin(diff)],
                     points[np.argmax(total)], points[np.argmax(diff)]], dtype=np.float32)


def flatten_paper(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Warp the quadrilateral ``corners`` to an upright rectangle of its own proportions,
    trimmed by PAPER_INSET on each side."""
    tl, tr, br, bl = corners
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    dx, dy = int(width * PAPER_INSET), int(height * PAPER_INSET)
    return flat[dy:height - dy, dx:width - dx]


def estimate_skew(grey: np.ndarray) -> float:
    """Return the text's skew in degrees (positive: lines rise to the right), within ±10°."""
    small, _ = shrink(grey, SKEW_LONG_SIDE)
    return skew_of_mask(remove_rules(ink_mask(small)))


def skew_of_mask(mask: np.ndarray) -> float:
    """The skew of the text in an ink mask (255 = ink, rules removed), within ±10°.

    Projection profiles: the row sums of the ink are most sharply peaked when the page is
    turned so text lines run exactly horizontal. Coarse 1° search, then 0.1°. Each trial
    angle projects the ink pixels' coordinates onto the turned rows (a bincount) rather
    than rotating the image: ~10× cheaper, and ink is never turned out of the frame.
    """
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return 0.0
    points = (xs.astype(np.float32) - mask.shape[1] / 2, ys.astype(np.float32) - mask.shape[0] / 2)
    coarse = _best_angle(points, np.arange(-SKEW_RANGE_DEGREES, SKEW_RANGE_DEGREES + 0.01, 1.0))
    if abs(coarse) >= SKEW_RANGE_DEGREES:
        # The best angle is the edge of the search: no text lines peaked inside it. The
        # streaks of a wooden desk around an uncut photo do this; turning by 10° there
        # only skews the page's own lines.
        return 0.0
    return _best_angle(points, np.arange(coarse - 0.6, coarse + 0.61, 0.1))


def _best_angle(points: tuple[np.ndarray, np.ndarray], angles: np.ndarray) -> float:
    """The angle whose rotation gives the most sharply peaked row profile of the points."""
    xs, ys = points
    reach = float(np.hypot(np.abs(xs).max(), np.abs(ys).max())) + 1

    def sharpness(angle: float) -> float:
        # Row of each point once the page is turned by -angle about its centre.
        radians = np.deg2rad(angle)
        rows = (ys * np.float32(np.cos(radians)) + xs * np.float32(np.sin(radians)) + (reach + 0.5)).astype(np.int32)
        profile = np.bincount(rows).astype(np.float64)
        return float(np.sum(np.diff(profile) ** 2))
    return float(max(angles, key=sharpness))


def deskew(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate so that text skewed by ``angle`` degrees runs horizontal; white fills corners."""
    if abs(angle) < SKEW_MIN_DEGREES:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    fill = (255,) * (1 if image.ndim == 2 else image.shape[2])
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


# A photo's perspective left over after flattening (the sheet's corner out of the frame,
# so its outline was not the sheet's): text lines slope one way at the top of the page
# and another at the bottom, and a wide table row then spans two rows of another part.
KEYSTONE_BANDS = ((0.1, 0.4), (0.35, 0.65), (0.6, 0.9))
KEYSTONE_MIN_DEGREES = 1.5  # top and bottom slopes this far apart: levelled
KEYSTONE_LINEAR = 1.0  # the middle's slope within this of top's and bottom's mean
KEYSTONE_MIN_INK = 0.005  # share of a band's pixels that must be ink: text to measure


def level_keystone(image: np.ndarray, grey: np.ndarray) -> np.ndarray | None:
    """The page with slopes that change from top to bottom levelled, or None when its
    lines run parallel (or the bands disagree in a way no perspective explains).

    The slope of the text is measured in three bands; where top and bottom differ and
    the middle lies between them, a perspective transform turns the top band's and the
    bottom band's lines level, each about the middle of the page.
    """
    small, _ = shrink(grey, SKEW_LONG_SIDE)
    mask = remove_rules(ink_mask(small))
    height = mask.shape[0]
    bands = [mask[int(height * a):int(height * b)] for a, b in KEYSTONE_BANDS]
    if any(np.count_nonzero(band) < KEYSTONE_MIN_INK * band.size for band in bands):
        return None
    top, middle, bottom = (skew_of_mask(band) for band in bands)
    if abs(top - bottom) < KEYSTONE_MIN_DEGREES or abs(middle - (top + bottom) / 2) > KEYSTONE_LINEAR:
        return None
    h, w = grey.shape[:2]
    rows = [h * (a + b) / 2 for a, b in (KEYSTONE_BANDS[0], KEYSTONE_BANDS[2])]
    source, target = [], []
    for row, angle in zip(rows, (top, bottom)):
        # The band's line through the page's middle, turned level about that middle point
        # (a positive angle rises to the right): the band is turned, not sheared.
        across, rise = np.cos(np.deg2rad(angle)) * w / 2, np.sin(np.deg2rad(angle)) * w / 2
        source += [(w / 2 - across, row + rise), (w / 2 + across, row - rise)]
        target += [(0, row), (w, row)]
    matrix = cv2.getPerspectiveTransform(np.float32(source), np.float32(target))
    fill = (255,) * (1 if image.ndim == 2 else image.shape[2])
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
