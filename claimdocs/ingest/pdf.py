"""The one wrapper around PDFium (pypdfium2): opening, page sizes and rasterising.

PDFium runs in process (no subprocess to time out); it parses lazily, so opening a
document reads the cross-reference table only and each page is loaded on demand, which
keeps memory per page and lets a worker load page 7 alone. PDFium is not thread-safe:
use one document per thread, or processes (as the Celery workers do).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from claimdocs.errors import CorruptFileError, EncryptedPdfError

POINTS_PER_INCH = 72.0
# PDFium reports a password-protected file with this error code (fpdfview.h).
_ERR_PASSWORD = getattr(pdfium_c, "FPDF_ERR_PASSWORD", 4)
# Every complete PDF ends with this marker (ISO 32000 §7.5.5); a truncated one lacks it.
# PDFium is not thread-safe: concurrent calls from the pipeline's page threads crashed
# the process (a segfault, seen with two threads). Every use of PDFium happens inside
# open_pdf, which holds this lock; reading and rendering a page takes milliseconds, so
# serialising it costs little while OCR (a separate process per page) stays parallel.
PDFIUM_LOCK = threading.RLock()

_EOF_MARKER = b"%%EOF"
_TAIL_BYTES = 4096


@contextmanager
def open_pdf(path: Path, name: str) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF with PDFium, translating its failures to claimdocs errors.

    Yields:
        The open document; it is closed when the block ends.

    Raises:
        EncryptedPdfError: the PDF needs a password to be opened.
        CorruptFileError: PDFium cannot parse it, or it has no pages.
    """
    with PDFIUM_LOCK:
        yield from _open_locked(path, name)


def _open_locked(path: Path, name: str) -> Iterator[pdfium.PdfDocument]:
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) == _ERR_PASSWORD:
            raise EncryptedPdfError("the PDF is protected by a password; open it, remove the "
                                    "password (print to a new PDF) and upload it again",
                                    file=name) from err
        raise CorruptFileError(f"the PDF cannot be read ({err}); upload the original file "
                               "again", file=name) from err
    try:
        if len(document) == 0:
            raise CorruptFileError("the PDF has no pages", file=name)
        yield document
    finally:
        document.close()


def check_complete(path: Path, name: str) -> None:
    """Refuse a PDF whose end-of-file marker is missing: it was cut off in transfer.

    PDFium would silently rebuild what it can of such a file and drop the rest, so a
    truncated upload would lose pages without anyone noticing.

    Raises:
        CorruptFileError: no ``%%EOF`` in the last few kilobytes.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    if _EOF_MARKER not in tail:
        raise CorruptFileError("the PDF is incomplete (it ends before its end-of-file marker, "
                               "probably cut off during upload); upload it again", file=name)


def page_size_points(document: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    """Return a page's (width, height) in points without loading the page (0-based index)."""
    width, height = document.get_page_size(index)
    return float(width), float(height)


def load(document: pdfium.PdfDocument, index: int, name: str) -> pdfium.PdfPage:
    """Load one page (0-based); the caller closes it.

    Raises:
        CorruptFileError: PDFium cannot load the page.
    """
    try:
        return document[index]
    except pdfium.PdfiumError as err:
        raise CorruptFileError(f"page {index + 1} of the PDF cannot be read ({err})", file=name) from err


def render(page: pdfium.PdfPage, dpi: float, name: str,
           crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> np.ndarray:
    """Rasterise a page at ``dpi`` to a BGR uint8 array, the page's /Rotate applied.
    ``crop``: points to leave out at the left, bottom, right and top of the drawn page.

    Raises:
        CorruptFileError: PDFium cannot draw the page.
    """
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, crop=crop, may_draw_forms=True)
        pixels = bitmap.to_numpy()  # PDFium's native byte order is BGR(x)
    except pdfium.PdfiumError as err:
        raise CorruptFileError(f"the page cannot be drawn ({err})", file=name) from err
    return np.ascontiguousarray(pixels[:, :, :3])
