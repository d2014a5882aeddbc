"""OCR: an engine protocol and the Tesseract engine.

``OcrEngine`` is what the pipeline needs from any OCR engine: a grey page image in,
words with boxes and confidences out. :class:`TesseractEngine` is the one shipped.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from claimdocs.model import PageText
from claimdocs.ocr.tesseract import TesseractEngine


class OcrEngine(Protocol):
    def read(self, image: np.ndarray, dpi: float) -> PageText:
        """Read a grey, upright page image; raises OcrError / OcrTimeoutError."""
        ...


__all__ = ["OcrEngine", "TesseractEngine"]
