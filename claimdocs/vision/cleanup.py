"""Make a grey image that Tesseract reads well, without binarising it (Tesseract's own
Otsu/Sauvola binarisation does better on a clean grey image than on our guess).
"""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.vision.imageops import shrink, to_grey

BACKGROUND_LONG_SIDE = 500
# Denoise only images fine enough that a 3×3 median cannot eat a stroke (~4 px wide at 200 dpi).
DENOISE_MIN_DPI = 200.0


def suppress_red(image: np.ndarray) -> np.ndarray:
    """Grey image in which red and pink ink (seals, pre-printed forms) turns near-white.

    The red channel of a colour image (domain.md §3, "What real uploads look like"): red
    ink reflects red light as paper does, while black, blue and green ink stay dark.
    """
    return image.copy() if image.ndim == 2 else image[:, :, 2].copy()


def flatten_background(grey: np.ndarray) -> np.ndarray:
    """Divide by the estimated paper brightness, removing shadows and uneven lighting.

    The background is estimated at low resolution: a max filter wider than a character
    removes the ink, a median smooths what is left. Text keeps its contrast to the paper.
    """
    small, _ = shrink(grey, BACKGROUND_LONG_SIDE)
    reach = max(3, max(small.shape) // 40) | 1
    paper = cv2.dilate(small, np.ones((reach, reach), np.uint8))
    paper = cv2.medianBlur(paper, reach * 2 + 1 if reach * 2 + 1 <= 255 else 255)
    paper = cv2.resize(paper, grey.shape[::-1], interpolation=cv2.INTER_LINEAR)
    # cv2.divide works in uint8 with saturation: ~10× faster than float numpy on a 300 dpi page.
    return cv2.divide(grey, np.maximum(paper, 1), scale=255)


def denoise(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Mild 3×3 median against sensor and JPEG noise, only at resolutions where it is safe."""
    return cv2.medianBlur(grey, 3) if dpi >= DENOISE_MIN_DPI else grey


def clean_for_ocr(image: np.ndarray, dpi: float, colour: bool) -> np.ndarray:
    """Grey, red ink suppressed (colour pages), lighting flattened, mildly denoised."""
    grey = suppress_red(image) if colour else to_grey(image)
    return denoise(flatten_background(grey), dpi)
