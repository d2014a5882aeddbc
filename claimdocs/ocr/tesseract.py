"""The Tesseract engine, through pytesseract: the one wrapper around the ``tesseract`` program.

Why the details:
- ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads make a single page slower, not
  faster, on a small machine (measured: 2.5 s vs 0.7 s for an A4 page at 300 dpi); the
  pipeline gets its parallelism from one Tesseract process per page instead.
- The image goes to Tesseract as an uncompressed PGM file: pytesseract would otherwise
  PNG-encode every page, which costs a tenth of a second per A4 page for nothing.
- ``--dpi`` is passed so Tesseract does not guess the resolution.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from claimdocs.errors import OcrError, OcrTimeoutError
from claimdocs.layout import lines_from_words
from claimdocs.model import PageText, TextSource, Word

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class TesseractEngine:
    """Reads page images with Tesseract; words come back with boxes and confidences."""

    def __init__(
        self,
        languages: str = "chi_sim",
        timeout_seconds: float = 120.0,
        tesseract_cmd: str = "tesseract",
        page_segmentation: int = 11,
    ) -> None:
        self.languages = languages
        self.timeout_seconds = timeout_seconds
        self.tesseract_cmd = tesseract_cmd
        self.page_segmentation = page_segmentation

    def read(self, image: np.ndarray, dpi: float, scale: float = 1.0, block: bool = False) -> PageText:
        """OCR a grey (or BGR) page image, enlarged by ``scale`` first (boxes come back in
        the page's own pixels). ``block`` reads it as one uniform block of text (page
        segmentation 6) instead of the configured mode: for a cut-out table column.

        Raises:
            OcrTimeoutError: Tesseract ran longer than the timeout.
            OcrError: Tesseract is missing or failed.
        """
        if scale != 1.0:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        data = self._image_to_data(image, dpi * scale, 6 if block else self.page_segmentation)
        words = _words_from_data(data, scale)
        height, width = (round(side / scale) for side in image.shape[:2])
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return PageText(TextSource.OCR, lines_from_words(words), width, height, confidence)

    def _image_to_data(self, image: np.ndarray, dpi: float, page_segmentation: int) -> dict[str, list]:
        pytesseract.pytesseract.tesseract_cmd = self.tesseract_cmd
        config = f"--psm {page_segmentation} --dpi {int(round(dpi))}"
        with tempfile.TemporaryDirectory(prefix="claimdocs-ocr-") as folder:
            path = Path(folder) / "page.pgm"
            grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            cv2.imwrite(str(path), grey)
            try:
                return pytesseract.image_to_data(
                    str(path),
                    lang=self.languages,
                    config=config,
                    timeout=self.timeout_seconds,
                    output_type=pytesseract.Output.DICT,
                )
            except RuntimeError as error:  # pytesseract's way of saying "timed out"
                raise OcrTimeoutError(
                    f"Tesseract took longer than {self.timeout_seconds:g} s on one page"
                ) from error
            except pytesseract.TesseractNotFoundError as error:
                raise OcrError(
                    f"Tesseract is not installed ({self.tesseract_cmd!r} not found); run scripts/setup"
                ) from error
            except (pytesseract.TesseractError, subprocess.SubprocessError, OSError) as error:
                raise OcrError(f"Tesseract failed: {error}") from error


def _words_from_data(data: dict[str, list], scale: float = 1.0) -> list[Word]:
    """Words with text and a confidence >= 0 (Tesseract marks layout rows with -1)."""
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]
    ):
        text = str(text).strip()
        confidence = float(conf)
        if not text or confidence < 0:
            continue
        box = tuple(round(v / scale) for v in (left, top, left + width, top + height))
        words.append(Word(text, box, min(1.0, confidence / 100.0)))
    return words
