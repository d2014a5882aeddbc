"""Small image helpers shared by the vision modules (pure functions on numpy arrays)."""

from __future__ import annotations

import cv2
import numpy as np

_QUARTER_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
# A pixel counts as coloured when its channels differ by more than this (JPEG chroma
# noise on grey scans stays well below it).
COLOUR_SPREAD = 40
# Share of coloured pixels above which a page is taken to be in colour.
COLOUR_SHARE = 0.001


def to_grey(image: np.ndarray) -> np.ndarray:
    """Return a single-channel uint8 view of a BGR or grey image."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def shrink(image: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """Downscale so the longer side is at most ``long_side`` pixels.

    Returns:
        The (possibly unchanged) image and the factor applied (<= 1).
    """
    factor = min(1.0, long_side / max(image.shape[:2]))
    if factor >= 1.0:
        return image, 1.0
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def rotate_quarter(image: np.ndarray, degrees_cw: int) -> np.ndarray:
    """Rotate by 0, 90, 180 or 270 degrees clockwise (lossless)."""
    degrees_cw %= 360
    return image if degrees_cw == 0 else cv2.rotate(image, _QUARTER_TURNS[degrees_cw])


def rotate_box(box: tuple[int, int, int, int], degrees_cw: int, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Where a box (x0, y0, x1, y1) of an image of ``shape`` lies once the image is
    turned by rotate_quarter(image, degrees_cw)."""
    height, width = shape[:2]
    x0, y0, x1, y1 = box
    degrees_cw %= 360
    if degrees_cw == 90:
        return height - y1, x0, height - y0, x1
    if degrees_cw == 180:
        return width - x1, height - y1, width - x0, height - y0
    if degrees_cw == 270:
        return y0, width - x1, y1, width - x0
    return box


def unsharp(grey: np.ndarray, sigma: float, amount: float) -> np.ndarray:
    """Unsharp mask: the image plus ``amount`` times its difference from a copy blurred
    with ``sigma``; restores the edges of soft text."""
    blurred = cv2.GaussianBlur(grey, (0, 0), sigma)
    return cv2.addWeighted(grey, 1 + amount, blurred, -amount, 0)


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Return a binary mask (255 = ink) robust to shadows: a local-mean threshold.

    The block is ~1/40 of the page, larger than a character, so whole characters stay ink
    while slow shading across a photo does not.
    """
    block = max(15, (max(grey.shape) // 40) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def remove_rules(mask: np.ndarray, min_length: float = 1 / 25) -> np.ndarray:
    """Remove long straight lines (table rules, box outlines) from an ink mask.

    Lines longer than ``min_length`` of the page's long side are found by opening with long thin kernels; they
    would otherwise dominate the text-line measures and merge red rules with seals. The
    mask is thickened by a pixel across each direction first, so a slightly slanted rule
    (a photo, a skewed scan) still forms one unbroken run, and the found rules are widened
    by a pixel before subtraction so their anti-aliased edges go too.
    """
    return cv2.subtract(mask, find_rules(mask, min_length))


def find_rules(mask: np.ndarray, min_length: float = 1 / 25) -> np.ndarray:
    """The long straight lines of an ink mask (see :func:`remove_rules`), widened by a pixel."""
    length = max(15, int(max(mask.shape) * min_length))
    horizontal = open_rect(dilate_rect(mask, 3, 1), 1, length)
    vertical = open_rect(dilate_rect(mask, 1, 3), length, 1)
    return dilate_rect(cv2.bitwise_or(horizontal, vertical), 3, 3)


# Morphology with rectangular kernels. cv2.erode and cv2.dilate spend time in proportion
# to the kernel's length (45 ms to open a 300 dpi page's mask with a 290 px rule kernel,
# 11 ms even with a 2 px one); the same minimum or maximum over a window is reached in
# log2(length) passes of cv2.min or cv2.max, each doubling the window (13 ms and 3 ms).
# The pixels are OpenCV's to the bit: min and max are exact, the window is anchored at
# the kernel's centre as OpenCV anchors it, and pixels outside the image are neutral, as
# OpenCV's default border makes them. tests/test_vision.py compares the two.


def erode_rect(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv2.erode(image, np.ones((height, width)))``: the minimum over the kernel."""
    return _slide(_slide(image, height, 0, cv2.min, 255), width, 1, cv2.min, 255)


def dilate_rect(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv2.dilate(image, np.ones((height, width)))``: the maximum over the kernel."""
    return _slide(_slide(image, height, 0, cv2.max, 0), width, 1, cv2.max, 0)


def open_rect(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv2.morphologyEx(image, cv2.MORPH_OPEN, np.ones((height, width)))``."""
    return dilate_rect(erode_rect(image, height, width), height, width)


def close_rect(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones((height, width)))``."""
    return erode_rect(dilate_rect(image, height, width), height, width)


def _slide(image: np.ndarray, length: int, axis: int, reduce, outside: int) -> np.ndarray:
    """``reduce`` (cv2.min or cv2.max) over a window of ``length`` pixels along ``axis``
    (0: down the columns, 1: along the rows), the window starting ``length // 2`` pixels
    before each pixel, and pixels beyond the image taking the value ``outside``.

    The image is padded with ``outside``; then each pass takes, for every pixel, the
    reduce of itself and the pixel ``step`` further on, which widens the window it stands
    for by ``step`` (doubling it, up to the last pass). Returns the image itself when the
    window is one pixel.
    """
    if length == 1:
        return image
    before, after = length // 2, length - 1 - length // 2
    pads = (before, after, 0, 0) if axis == 0 else (0, 0, before, after)
    run = cv2.copyMakeBorder(image, *pads, cv2.BORDER_CONSTANT, value=outside)
    span = 1
    while span < length:
        step = min(span, length - span)
        size = run.shape[axis] - step
        if axis == 0:
            run = reduce(run[:size], run[step:])
        else:
            run = reduce(run[:, :size], run[:, step:])
        span += step
    return run


def has_colour(image: np.ndarray) -> bool:
    """True when a BGR image holds visible colour (not a grey scan saved as RGB)."""
    if image.ndim == 2:
        return False
    step = max(1, max(image.shape[:2]) // 800)
    # cv2 on a small contiguous copy: numpy's max(axis=2) on a strided view took 40 ms.
    small = cv2.resize(image, (image.shape[1] // step, image.shape[0] // step), interpolation=cv2.INTER_NEAREST)
    blue, green, red = cv2.split(small)
    spread = cv2.subtract(cv2.max(cv2.max(blue, green), red), cv2.min(cv2.min(blue, green), red))
    return float(np.mean(spread > COLOUR_SPREAD)) > COLOUR_SHARE


def dark_pixels(grey: np.ndarray, below: int = 128) -> int:
    """How many pixels of a grey image are darker than ``below`` (ink, not paper)."""
    return cv2.countNonZero(cv2.inRange(grey, 0, below - 1))


def is_bilevel(image: np.ndarray) -> bool:
    """True when every pixel is black or white: a 1-bit scan (fax, mail-room TIFF)."""
    grey = to_grey(image)
    return cv2.countNonZero(cv2.inRange(grey, 1, 254)) == 0


def components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 8-connected components of a mask: their labels image and their stats (one row
    per label, background first), as ``cv2.connectedComponentsWithStats`` gives them.

    16-bit labels when they fit: with 32-bit labels OpenCV (5.0) took 4× as long for the
    same stats (65 ms against 16 ms on an empty A4 page at 300 dpi). OpenCV raises when a
    mask has more components than 16 bits can number; those are labelled again in 32 bits.
    """
    try:
        _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    return labels, stats


def char_height(mask: np.ndarray) -> float | None:
    """Estimate the typical character height (px) from the connected components of ink.

    Returns None when there are too few character-sized components to tell.
    """
    return char_height_of(components(mask)[1], mask.shape)


def char_height_of(stats: np.ndarray, shape: tuple[int, ...]) -> float | None:
    """:func:`char_height` from the stats of the mask's components (see :func:`components`),
    for a caller that needs the components for more than this."""
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    limit = max(shape) / 15
    keep = (heights >= 4) & (heights <= limit) & (widths >= 2) & (widths <= limit)
    if keep.sum() < 10:
        return None
    # Chinese characters are square-ish; taking the larger side ignores split strokes' thinness.
    sizes = np.maximum(heights[keep], widths[keep])
    return float(np.percentile(sizes, 75))
