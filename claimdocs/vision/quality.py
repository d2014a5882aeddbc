"""Is a page good enough to read? Measures and named problems (domain.md §6 ``poor_image``).

Every threshold is in QualityThresholds, with the reason for its value; a deployment can
pass its own. Measures are taken at a common scale where it matters (sharpness at
REFERENCE_DPI), so a 4000-pixel phone photo and a 150 dpi scan are judged alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from claimdocs.model import Quality
from claimdocs.vision.imageops import char_height, close_rect, components, ink_mask

REFERENCE_DPI = 150.0
_TILE = 48


@dataclass(frozen=True)
class QualityThresholds:
    """Limits below (or above) which a page is named as having a problem."""

    # Sharpness: Laplacian variance over grey variance in tiles with text, at 150 dpi.
    # Measured on rendered A4 pages (prose, form, table) at 150 and 300 dpi: sharp 17–42;
    # Gaussian blur σ (in px at 150 dpi) 1.0: ~5; 1.5: 1.2–1.9 (soft but readable);
    # 2.5: 0.14–0.34 (strokes of Chinese characters run together); 4: 0.03–0.08.
    min_sharpness: float = 0.5
    # Paper brightness (90th percentile of grey): paper under poor light drops below ~90.
    min_paper_brightness: float = 90.0
    # Ink-to-paper contrast (paper minus the darkest tenth of the ink): below it text fades.
    min_contrast: float = 40.0
    # Character height in pixels: Tesseract's chi_sim reads reliably from ~16 px; under
    # 12 px it garbles Chinese characters (a 10.5 pt line needs ~85 dpi to reach 12 px).
    min_char_height_px: float = 12.0
    # Resolution when no characters could be measured (pages with little text).
    min_dpi: float = 90.0
    # Character-sized ink blobs touching one edge of the frame before the page is cut off.
    max_edge_touching_chars: int = 3


DEFAULT_THRESHOLDS = QualityThresholds()


def assess(grey: np.ndarray, dpi: float, thresholds: QualityThresholds = DEFAULT_THRESHOLDS) -> Quality:
    """Measure a page and name its problems: blurred, too_dark, too_small, cut_off.

    Args:
        grey: the upright page (uint8, single channel), as OCR would get it before cleanup.
        dpi: its resolution (stated or estimated).
        thresholds: the limits to judge by.

    Returns:
        Quality with ``ok`` (no problems), the problem codes and the measures.
    """
    factor = min(1.0, REFERENCE_DPI / max(dpi, 1.0))
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else grey
    mask = ink_mask(small)
    size = char_height(mask)  # at the reference scale; reported at the page's own
    measures = {"sharpness": sharpness(small), "dpi": float(dpi),
                "char_height_px": size / factor if size is not None else 0.0,
                "edge_touching_chars": float(edge_touching_chars(mask, size))}
    measures.update(brightness(small, mask))
    problems = _problems(measures, size is not None, thresholds)
    return Quality(ok=not problems, problems=problems, measures={k: round(v, 4) for k, v in measures.items()})


def _problems(m: dict[str, float], has_text: bool, t: QualityThresholds) -> tuple[str, ...]:
    """Apply the thresholds to the measures."""
    problems = []
    if has_text and m["sharpness"] < t.min_sharpness:
        problems.append("blurred")
    # Contrast is between ink and paper: a page without ink (blank) has none to measure.
    if m["paper_brightness"] < t.min_paper_brightness or (has_text and m["contrast"] < t.min_contrast):
        problems.append("too_dark")
    if (m["char_height_px"] < t.min_char_height_px) if has_text else (m["dpi"] < t.min_dpi):
        problems.append("too_small")
    if m["edge_touching_chars"] > t.max_edge_touching_chars:
        problems.append("cut_off")
    return tuple(problems)


def sharpness(small: np.ndarray) -> float:
    """Median, over tiles holding text, of Laplacian variance divided by grey variance.

    Args:
        small: the page at REFERENCE_DPI (or below; pages are never enlarged), so the
            value reads as "how sharp is the text at 150 dpi". Dividing by the tile's grey
            variance makes it independent of contrast and of how much ink the tile holds.
    """
    # Straight from uint8 to float32: the sums are small integers, exact either way, and
    # the float copy of the page is saved.
    laplacian = cv2.Laplacian(small, cv2.CV_32F, ksize=3)
    spread, detail = tile_variances(small), tile_variances(laplacian)
    inked = spread > 400  # std > 20: the tile holds ink, not just paper
    return float(np.median(detail[inked] / spread[inked])) if inked.any() else 0.0


# Tile rows whose variances are computed together: a band of four rows of tiles of a
# 150 dpi page (~2 MB in float64) stays in the processor's cache through var's passes,
# twice as fast as the whole page at once. Each tile's variance is summed in the same
# order either way, so the values are the same to the bit.
_BAND_ROWS = 4


def tile_variances(image: np.ndarray) -> np.ndarray:
    """Variance of each whole _TILE × _TILE tile from the top left (a partial last row
    or column of tiles is left out), computed for a band of tile rows at a time."""
    rows, columns = image.shape[0] // _TILE, image.shape[1] // _TILE
    bands = []
    for top in range(0, rows, _BAND_ROWS):
        count = min(_BAND_ROWS, rows - top)
        band = image[top * _TILE:(top + count) * _TILE, :columns * _TILE].astype(np.float64)
        bands.append(band.reshape(count, _TILE, columns, _TILE).var(axis=(1, 3)))
    return np.concatenate(bands) if bands else np.zeros((0, columns))


def brightness(small: np.ndarray, mask: np.ndarray) -> dict[str, float]:
    """Paper brightness (90th percentile of the page) and contrast to the darkest tenth of
    the ink (a page with little ink is not low-contrast for that)."""
    paper = grey_percentile(small, 90)
    ink = grey_percentile(small, 10, mask) if cv2.countNonZero(mask) else paper
    return {"paper_brightness": paper, "contrast": paper - ink}


def grey_percentile(grey: np.ndarray, percent: float, mask: np.ndarray | None = None) -> float:
    """``np.percentile`` of a uint8 image's pixels (under ``mask``), from its histogram:
    the same value (linear interpolation between ranks) without sorting a page of pixels."""
    counts = cv2.calcHist([grey], [0], mask, [256], [0, 256]).ravel().astype(np.int64)
    position = percent / 100 * (int(counts.sum()) - 1)
    below, fraction = int(position), position - int(position)
    cumulative = np.cumsum(counts)
    low = int(np.searchsorted(cumulative, below, side="right"))
    high = int(np.searchsorted(cumulative, below + 1, side="right")) if fraction else low
    return float(low + fraction * (high - low))


def edge_touching_chars(mask: np.ndarray, size: float | None) -> int:
    """Largest number of characters' worth of ink touching any one edge of the frame.

    Text running off the edge means part of the page is missing. The mask is closed over
    ~1/3 character first, so the slivers of a cut character count once. On the left and
    right edges each line-high blob counts as one; on the top and bottom a cut line counts
    by its length in characters. Blobs spanning most of an edge (a scanner's dark border,
    the table edge in a photo) are not text and do not count.
    """
    if size is None:
        return 0
    reach = max(2, int(size / 3))
    closed = close_rect(mask, reach, reach)
    _, stats = components(closed)
    x, y, w, h = (stats[1:, i] for i in range(4))
    height, width = mask.shape
    line_high = (h >= 0.3 * size) & (h <= 3 * size)
    left_right = [int((line_high & side).sum()) for side in (x <= 1, x + w >= width - 1)]
    across = (h <= 3 * size) & (w >= 0.3 * size) & (w <= 0.8 * width)
    top_bottom = [int((w[across & side] / size).sum()) for side in (y <= 1, y + h >= height - 1)]
    return max(left_right + top_bottom)


# A page whose words OCR reads with at least this mean confidence was readable, whatever
# the image measures said: on generated phone photos the blur and cut-off measures named
# problems on 30 of 209 pages that OCR read well (mean confidence 0.7-0.9).
READABLE_OCR_CONFIDENCE = 0.65


def not_cut_off(quality: Quality) -> Quality:
    """The verdict for a photo whose whole sheet lies inside the frame: not cut off (the
    measure stays, and ``warned_cut_off`` says it had named the problem)."""
    if "cut_off" not in quality.problems:
        return quality
    problems = tuple(p for p in quality.problems if p != "cut_off")
    return Quality(ok=not problems, problems=problems, measures={**quality.measures, "warned_cut_off": 1.0})


def confirm_with_ocr(quality: Quality, ocr_confidence: float | None) -> Quality:
    """The verdict after OCR: image problems stand only on pages OCR could not read well.

    The image measures are kept, and the problems they named move to ``measures`` as
    ``warned_<problem>`` = 1.0, so a reviewer can still see them.
    """
    if quality.ok or ocr_confidence is None or ocr_confidence < READABLE_OCR_CONFIDENCE:
        return quality
    warned = {f"warned_{problem}": 1.0 for problem in quality.problems}
    return Quality(ok=True, problems=(), measures={**quality.measures, **warned})
