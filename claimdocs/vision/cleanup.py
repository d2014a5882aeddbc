"""Make a grey image that Tesseract reads well, without binarising it (Tesseract's own
Otsu/Sauvola binarisation does better on a clean grey image than on our guess).
"""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.vision.imageops import (char_height_of, components, dilate_rect, erode_rect, find_rules, ink_mask,
                                       open_rect, shrink, to_grey)

BACKGROUND_LONG_SIDE = 500
SEAL_BOX_PAD = 0.2
DARK_LEVEL = 100
BAND_LONG_SIDE = 800
# Rules at least this long (share of the long side) are erased: a table's rules run across
# many cells, while the strokes of a large bold title (居民身份证 on a card photo) are shorter.
RULE_MIN_LENGTH = 1 / 12
# A cell bar (a table's vertical rule drawn row by row, or a long rule broken by a photo's
# blur) is a thin upright stroke taller than any character: at least this many times the
# median height of the page's ink components, and this many times as tall as it is wide.
BAR_MIN_HEIGHT = 1.8
BAR_MIN_ASPECT = 3
# Denoise only images fine enough that a 3×3 median cannot eat a stroke (~4 px wide at 200 dpi).
DENOISE_MIN_DPI = 200.0


def grey_keeping_seals_out(image: np.ndarray, seal_boxes) -> np.ndarray:
    """Grey image where all ink stays dark except the red seals, which turn near-white.

    Suppressing red everywhere also erased the red pre-printed titles and labels of
    invoice forms (省住院收费票据, 交款人, 合计…), and with them the page's type and every
    labelled value. So the darkest channel is used (red print stays dark), and the red
    channel only inside the seals found, where black values printed under a seal must
    show through.

    In the red channel (domain.md §3, "What real uploads look like") red ink reflects red
    light as paper does, while black, blue and green ink stay dark.
    """
    if image.ndim == 3:  # cv2 per channel: numpy's min(axis=2) took 15 ms on a page
        blue, green, red = cv2.split(image)
        grey = cv2.min(cv2.min(blue, green), red)
    else:
        grey, red = image.copy(), image
    for x0, y0, x1, y1 in _padded(seal_boxes, grey.shape):
        grey[y0:y1, x0:x1] = red[y0:y1, x0:x1]
    return grey


def _padded(seal_boxes, shape) -> list[tuple[int, int, int, int]]:
    """Seal boxes widened: a box comes from an ellipse fitted to part of its ring."""
    padded = []
    for x0, y0, x1, y1 in seal_boxes:
        pad = int(SEAL_BOX_PAD * max(x1 - x0, y1 - y0))
        padded.append((max(0, x0 - pad), max(0, y0 - pad), min(shape[1], x1 + pad), min(shape[0], y1 + pad)))
    return padded


def flatten_background(grey: np.ndarray) -> np.ndarray:
    """Divide by the estimated paper brightness, removing shadows and uneven lighting.

    The background is estimated at low resolution: a max filter wider than a character
    removes the ink, a median smooths what is left. Text keeps its contrast to the paper.
    """
    small, _ = shrink(grey, BACKGROUND_LONG_SIDE)
    reach = max(3, max(small.shape) // 40) | 1
    paper = dilate_rect(small, reach, reach)
    paper = cv2.medianBlur(paper, reach * 2 + 1 if reach * 2 + 1 <= 255 else 255)
    paper = cv2.resize(paper, grey.shape[::-1], interpolation=cv2.INTER_LINEAR)
    # cv2.divide works in uint8 with saturation: ~10× faster than float numpy on a 300 dpi
    # page; cv2.max keeps the divisor off 0 in 1 ms where np.maximum took 6.
    return cv2.divide(grey, cv2.max(paper, 1), scale=255)


def denoise(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Mild 3×3 median against sensor and JPEG noise, only at resolutions where it is safe."""
    return cv2.medianBlur(grey, 3) if dpi >= DENOISE_MIN_DPI else grey


def erase_rules(grey: np.ndarray) -> np.ndarray:
    """Paint table rules and box outlines white.

    Tesseract reads the rules of a ruled table as "|" and "一" and loses the cells
    between them: on a photographed expense list, erasing them took the table from 14 to
    24 of 25 known values read (with page segmentation 11, enlarged to 32 px characters).
    """
    rules = find_rules(ink_mask(grey), RULE_MIN_LENGTH)
    return cv2.bitwise_or(grey, rules)  # the rules are 255: white, the rest is kept


def erase_cell_bars(grey: np.ndarray, bilevel: bool = False) -> np.ndarray:
    """Paint white the short vertical bars between a table's cells that erase_rules leaves
    (too short to be rules: drawn one row at a time, or broken up by a photo's blur).

    Tesseract reads such a bar as 1, l or | and garbles the cells on both sides of it
    (1al, >x1|, :|). A bar is a connected stroke of its own, thin and taller than the
    page's characters; strokes of characters, digits and brackets are no taller than a
    character.

    ``bilevel``: a 1-bit scan, whose characters break into pieces, so that the typical
    piece is half a character and a character's own upright strokes (市, 医 of a title,
    every label of a certificate) looked like bars; there the character height
    (imageops.char_height) is the measure. Not on other pages: there it let bars of a
    blurred photo's rows stay (on the development set 9101, three lists read 145 items
    instead of 162, and two key fields were lost).
    """
    labels, stats = components(ink_mask(grey))
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    # The typical height of a piece of ink: characters and their parts (a blurred photo
    # merges neighbours, so the larger side of the larger pieces overstates it).
    pieces = (stats[:, cv2.CC_STAT_AREA] > 10) & (heights < max(grey.shape) / 15)
    pieces[0] = False  # the background
    if pieces.sum() < 20:
        return grey
    typical = float(np.median(heights[pieces]))
    if bilevel:  # its characters come in pieces: a piece is no measure of a character
        typical = max(typical, char_height_of(stats, grey.shape) or 0.0)
    bars = (heights >= BAR_MIN_HEIGHT * typical) & (heights >= BAR_MIN_ASPECT * widths)
    bars[0] = False
    if not bars.any():
        return grey
    return cv2.bitwise_or(grey, dilate_rect(_pixels_of(labels, stats, bars), 3, 3))


def _pixels_of(labels: np.ndarray, stats: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """A mask, 255 on the pixels of the ``chosen`` components (a boolean per label).

    Each component is looked for inside its own box: looking up every pixel's label
    (``chosen[labels]``) took 14 ms on a 300 dpi page for a handful of bars.
    """
    mask = np.zeros(labels.shape, np.uint8)
    for label in np.flatnonzero(chosen):
        x, y, width, height = stats[label, :4]
        box = (slice(y, y + height), slice(x, x + width))
        mask[box][labels[box] == label] = 255
    return mask


def thicken_strokes(grey: np.ndarray) -> np.ndarray:
    """Dark strokes one pixel wider (a 2×2 minimum), for a 1-bit scan.

    A mail room's 1-bit scan at 150–200 dpi keeps only what was darker than its
    threshold: the thin strokes of small print come out one pixel wide and broken
    (入院时间 in pieces), and Tesseract reads them as garbage. One pixel more joins the
    pieces: a certificate's labels, read as 妈 : 儿, read 姓名, 科室, 住院天数 again.
    Measured on 12 generated certificates made 1-bit at 150 dpi (with erase_cell_bars'
    ``bilevel``): admission dates read 4 against 0. The cost is on lists, whose small
    figures run together: of 12 such lists' item amounts, 77 matched against 96 (one
    development packet's three pages went the other way, 28 rows to 48).
    """
    return erode_rect(grey, 2, 2)


def invert_dark_bands(grey: np.ndarray) -> np.ndarray:
    """Turn white-on-dark bands (a card's title bar: 社会保障卡 on blue) into dark-on-white.

    Tesseract does not read light text on a dark fill. A band is a solid dark area that
    survives an opening wider than a character stroke, and is at least three times as wide
    as it is high; a photo's silhouette or a seal is not.
    """
    small, factor = shrink(grey, BAND_LONG_SIDE)  # bands are large: a small copy finds them
    dark = (small < DARK_LEVEL).astype(np.uint8) * 255
    reach = max(5, max(small.shape) // 80)
    solid = open_rect(dark, reach, reach)
    _, stats = components(solid)
    result = grey
    for x, y, width, height, _area in stats[1:]:
        if width >= 3 * height and width >= 4 * reach:
            x0, y0, x1, y1 = (int(round(v / factor)) for v in (x, y, x + width, y + height))
            result = result.copy() if result is grey else result
            result[y0:y1, x0:x1] = 255 - result[y0:y1, x0:x1]
    return result


def clean_for_ocr(image: np.ndarray, dpi: float, colour: bool, seal_boxes=(),
                  grey: np.ndarray | None = None, bilevel: bool = False) -> np.ndarray:
    """Grey with red seals suppressed (colour pages), lighting flattened, mildly
    denoised (a 1-bit scan's strokes are thickened instead: ``bilevel``), table rules and
    cell bars erased. A seal scanned grey stays: its pale ink cannot be told from the thin
    strokes of small print at 150–200 dpi (erasing it read one list total under a seal
    right and lost another, and rows and names elsewhere). ``grey``: ``to_grey(image)``
    when the caller has it already."""
    if colour:
        grey = grey_keeping_seals_out(image, seal_boxes)
    elif grey is None:
        grey = to_grey(image)
    grey = flatten_background(grey)
    # A 1-bit scan has no grey noise for a median to take out, and a median takes out its
    # one-pixel strokes: a 200 dpi invoice's title and labels lost their left halves
    # (江 as 工, 医 as 矢) and the page read as no type.
    grey = thicken_strokes(grey) if bilevel else denoise(grey, dpi)
    return erase_cell_bars(erase_rules(invert_dark_bands(grey)), bilevel)
