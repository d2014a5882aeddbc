"""The Tesseract engine: the one wrapper around Tesseract, as a library or as a program.

Why the details:
- In process, through libtesseract's C API (ctypes, no extra package): starting the
  ``tesseract`` program costs 0.3–0.5 s a call before it reads a pixel, most of it
  loading the chi_sim model; a bare A4 page takes 0.7 s in all. A page read more than
  once (turned 180°, on its sides, its columns or cards again) paid that every time.
  Loaded models are kept in a small pool, one per concurrent reader (a TessBaseAPI is not
  thread-safe; separate ones are, and ctypes releases the GIL while they work). The
  words, boxes and confidences are those of the program on the same image.
- The program, through pytesseract, when the library cannot be loaded or another
  ``tesseract_cmd`` than the default is configured. The image goes to it as an
  uncompressed PGM file: pytesseract would otherwise PNG-encode every page, which costs a
  tenth of a second per A4 page for nothing.
- ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads make a single page slower, not
  faster, on a small machine (measured: 2.5 s vs 0.7 s for an A4 page at 300 dpi); the
  pipeline gets its parallelism from one page per thread instead. It is set before the
  library is loaded, since OpenMP reads it then.
- The resolution is passed (``--dpi``, or the source resolution) so Tesseract does not guess it.
- The timeout: the program is killed; in process, Tesseract's own deadline stops word
  recognition (its layout analysis, a small part of a page's time, is not interrupted).
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import os
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
import pytesseract

from claimdocs.errors import OcrError, OcrTimeoutError
from claimdocs.layout import lines_from_words
from claimdocs.model import PageText, TextSource, Word

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DEFAULT_CMD = "tesseract"
LIBRARY_NAME = "libtesseract.so.5"


class TesseractEngine:
    """Reads page images with Tesseract; words come back with boxes and confidences."""

    def __init__(
        self,
        languages: str = "chi_sim",
        timeout_seconds: float = 120.0,
        tesseract_cmd: str = DEFAULT_CMD,
        page_segmentation: int = 11,
        in_process: bool = False,
    ) -> None:
        """``in_process``: use libtesseract when it loads and ``tesseract_cmd`` is the
        default; otherwise (and by default) run the ``tesseract_cmd`` program through
        pytesseract."""
        self.languages = languages
        self.timeout_seconds = timeout_seconds
        self.tesseract_cmd = tesseract_cmd
        self.page_segmentation = page_segmentation
        self.in_process = in_process and tesseract_cmd == DEFAULT_CMD

    def read(self, image: np.ndarray, dpi: float, scale: float = 1.0, block: bool = False,
             languages: str | None = None) -> PageText:
        """OCR a grey (or BGR) page image, resized by ``scale`` first (boxes come back in
        the page's own pixels). ``block`` reads it as one uniform block of text (page
        segmentation 6) instead of the configured mode: for a cut-out table column.
        ``languages`` replaces the configured languages for this call (``eng`` for numbers).

        Raises:
            OcrTimeoutError: Tesseract ran longer than the timeout.
            OcrError: Tesseract is missing or failed.
        """
        height, width = image.shape[:2]
        if scale != 1.0:
            interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_CUBIC
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        data = self._image_to_data(grey, dpi * scale, 6 if block else self.page_segmentation,
                                   languages or self.languages)
        words = _words_from_data(data, scale)
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return PageText(TextSource.OCR, lines_from_words(words), width, height, confidence)

    def _image_to_data(self, grey: np.ndarray, dpi: float, page_segmentation: int,
                       languages: str) -> dict[str, list]:
        library = _library() if self.in_process else None
        if library is None:
            return self._run_program(grey, dpi, page_segmentation, languages)
        with _loaded_model(library, languages) as model:
            tsv = model.recognise(grey, dpi, page_segmentation, self.timeout_seconds)
        return _data_from_tsv(tsv)

    def _run_program(self, grey: np.ndarray, dpi: float, page_segmentation: int,
                     languages: str) -> dict[str, list]:
        pytesseract.pytesseract.tesseract_cmd = self.tesseract_cmd
        config = f"--psm {page_segmentation} --dpi {int(round(dpi))}"
        with tempfile.TemporaryDirectory(prefix="claimdocs-ocr-") as folder:
            path = Path(folder) / "page.pgm"
            cv2.imwrite(str(path), grey)
            try:
                return pytesseract.image_to_data(
                    str(path),
                    lang=languages,
                    config=config,
                    timeout=self.timeout_seconds,
                    output_type=pytesseract.Output.DICT,
                )
            except RuntimeError as error:  # pytesseract's way of saying "timed out"
                raise _timed_out(self.timeout_seconds) from error
            except pytesseract.TesseractNotFoundError as error:
                raise OcrError(
                    f"Tesseract is not installed ({self.tesseract_cmd!r} not found); run scripts/setup"
                ) from error
            except (pytesseract.TesseractError, subprocess.SubprocessError, OSError) as error:
                raise OcrError(f"Tesseract failed: {error}") from error


def _timed_out(timeout_seconds: float) -> OcrTimeoutError:
    return OcrTimeoutError(f"Tesseract took longer than {timeout_seconds:g} s on one page")


# --- in process: libtesseract's C API ---------------------------------------------------

_P = ctypes.c_void_p
_SIGNATURES = {  # name: (argument types, result type), from tesseract/capi.h
    "TessVersion": ([], ctypes.c_char_p),
    "TessBaseAPICreate": ([], _P),
    "TessBaseAPIDelete": ([_P], None),
    "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
    "TessBaseAPISetImage": ([_P, _P, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
    "TessBaseAPISetSourceResolution": ([_P, ctypes.c_int], None),
    "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
    "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], _P),
    "TessBaseAPIClear": ([_P], None),
    "TessDeleteText": ([_P], None),
    "TessMonitorCreate": ([], _P),
    "TessMonitorDelete": ([_P], None),
    "TessMonitorSetDeadlineMSecs": ([_P, ctypes.c_int], None),
}


@functools.cache
def _library() -> ctypes.CDLL | None:
    """libtesseract 5 with the functions used declared; None when it cannot be loaded."""
    try:
        library = ctypes.CDLL(LIBRARY_NAME)
        for name, (arguments, result) in _SIGNATURES.items():
            function = getattr(library, name)
            function.argtypes, function.restype = arguments, result
    except (OSError, AttributeError):
        return None
    if not library.TessVersion().startswith(b"5."):
        return None
    _quiet_leptonica()
    return library


LEPTONICA_NAME = "liblept.so.5"
LEPTONICA_SEVERITY_NONE = 6  # L_SEVERITY_NONE in leptonica's environ.h


def _quiet_leptonica() -> None:
    """Leptonica, under libtesseract, prints its complaints about odd boxes ("Error in
    boxClipToRectangle") to stderr; the program's stderr is captured, in process they
    would reach the caller's terminal or log. They change nothing in the reading."""
    try:
        ctypes.CDLL(LEPTONICA_NAME).setMsgSeverity(LEPTONICA_SEVERITY_NONE)
    except (OSError, AttributeError):
        pass


class _Model:
    """One TessBaseAPI with a language model loaded; used by one thread at a time."""

    def __init__(self, library: ctypes.CDLL, languages: str) -> None:
        self.library = library
        self.handle = library.TessBaseAPICreate()
        if library.TessBaseAPIInit3(self.handle, None, languages.encode()) != 0:
            library.TessBaseAPIDelete(self.handle)
            raise OcrError(f"Tesseract could not load the language data {languages!r}; run scripts/setup")
        # Its progress messages ("Detected 73 diacritics") go nowhere, as the program's
        # stderr does; they would otherwise reach the caller's terminal or log.
        library.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())

    def recognise(self, grey: np.ndarray, dpi: float, page_segmentation: int, timeout_seconds: float) -> str:
        """Words of a grey image as Tesseract's TSV (no header row)."""
        lib, grey = self.library, np.ascontiguousarray(grey)
        lib.TessBaseAPIClear(self.handle)
        lib.TessBaseAPISetPageSegMode(self.handle, page_segmentation)
        # Tesseract copies the pixels: the array need not outlive this call.
        lib.TessBaseAPISetImage(self.handle, grey.ctypes.data, grey.shape[1], grey.shape[0], 1, grey.strides[0])
        lib.TessBaseAPISetSourceResolution(self.handle, int(round(dpi)))
        monitor = lib.TessMonitorCreate()
        lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout_seconds * 1000))
        started = time.monotonic()
        try:
            failed = lib.TessBaseAPIRecognize(self.handle, monitor) != 0
        finally:
            lib.TessMonitorDelete(monitor)
        if failed:
            raise _timed_out(timeout_seconds) if time.monotonic() - started >= timeout_seconds \
                else OcrError("Tesseract failed to recognise the page")
        text = lib.TessBaseAPIGetTsvText(self.handle, 0)
        try:
            return ctypes.string_at(text).decode("utf-8", errors="replace") if text else ""
        finally:
            lib.TessDeleteText(text)
            lib.TessBaseAPIClear(self.handle)

    def close(self) -> None:
        self.library.TessBaseAPIDelete(self.handle)


_idle_models: dict[str, list[_Model]] = {}
_idle_lock = threading.Lock()


@contextmanager
def _loaded_model(library: ctypes.CDLL, languages: str) -> Iterator[_Model]:
    """A model for ``languages`` from the pool (loaded on first need), returned after use."""
    with _idle_lock:
        idle = _idle_models.setdefault(languages, [])
        model = idle.pop() if idle else None
    model = model or _Model(library, languages)
    try:
        yield model
    finally:
        with _idle_lock:
            _idle_models[languages].append(model)


@atexit.register
def _close_models() -> None:
    """Free the loaded models at exit (Tesseract reports the ones left as leaks)."""
    with _idle_lock:
        for model in (m for idle in _idle_models.values() for m in idle):
            model.close()
        _idle_models.clear()


_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height", "conf", "text")


def _data_from_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV rows as columns, exactly as pytesseract's ``image_to_data`` gives
    them: numbers as whole numbers, so confidences are whole percents on both paths (the
    thresholds on them were measured so)."""
    data: dict[str, list] = {name: [] for name in _TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t", len(_TSV_COLUMNS) - 1)
        if len(cells) < len(_TSV_COLUMNS):
            continue
        for name, cell in zip(_TSV_COLUMNS, cells):
            data[name].append(cell if name == "text" else int(float(cell)))
    return data


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
