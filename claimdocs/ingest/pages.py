"""Load the pages of an opened file as RawPages, one at a time.

Each page is loaded on its own (a worker may load page 7 alone): the file is reopened
per page, and PDFium and Pillow both read lazily, so memory stays at one page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from claimdocs.ingest import images, pdf
from claimdocs.ingest.textlayer import read_text_layer
from claimdocs.model import FileFormat, PageRef, RawPage, SourceFile
from claimdocs.settings import Settings

# Pages with a text layer are rendered at this resolution only for what vision still
# needs (red seals, QR codes, a preview): 100 dpi draws an A4 page in ~10 ms, and a
# 2 cm QR code is still ~80 px wide. Their words are given in pixels of this image.
TEXT_LAYER_DPI = 100.0


def load_page(path: Path, source: SourceFile, page_number: int, settings: Settings) -> RawPage:
    """Load one page (1-based) of a file opened with :func:`open_file`.

    Args:
        path: the file.
        source: what :func:`open_file` returned for it.
        page_number: 1 .. source.page_count.
        settings: supplies min_text_layer_chars, raster_dpi and max_pixels.

    Returns:
        A RawPage: a BGR uint8 image, its dpi, and for digital PDF pages the text layer.

    Raises:
        ValueError: page_number is out of range.
        CorruptFileError, EncryptedPdfError, LimitExceededError: the page cannot be loaded.
    """
    if not 1 <= page_number <= source.page_count:
        raise ValueError(f"page {page_number} is outside 1..{source.page_count} of {source.name}")
    ref = PageRef(file=source.name, page=page_number)
    if source.format is FileFormat.PDF:
        return _load_pdf_page(path, ref, settings)
    image, stated_dpi = images.decode_frame(path, page_number - 1, source.name, settings.max_pixels)
    height, width = image.shape[:2]
    return RawPage(ref=ref, image=image, dpi=images.plausible_dpi(stated_dpi, width, height))


def render_region(path: Path, source: SourceFile, page_number: int, box: tuple[int, int, int, int],
                  page_dpi: float, dpi: float) -> np.ndarray:
    """A region of a PDF page drawn again finer: what vision needs sharper than the page
    was drawn (a digital page's QR code, drawn at TEXT_LAYER_DPI with its modules 2.5 px
    wide). ``box``: (x0, y0, x1, y1) in pixels of the page drawn at ``page_dpi``, as
    load_page drew it (its /Rotate applied). Returns the region at ``dpi``, BGR uint8.

    Raises:
        CorruptFileError, EncryptedPdfError: the page cannot be loaded or drawn.
    """
    if source.format is not FileFormat.PDF:
        raise ValueError(f"{source.name} is no PDF: its pages cannot be drawn again")
    with pdf.open_pdf(path, source.name) as document:
        page = pdf.load(document, page_number - 1, source.name)
        try:
            width, height = page.get_size()  # as drawn: its /Rotate applied, as the crop is
            points = pdf.POINTS_PER_INCH / page_dpi
            x0, y0, x1, y1 = (v * points for v in box)
            crop = (x0, max(0.0, height - y1), max(0.0, width - x1), y0)
            return pdf.render(page, dpi, source.name, crop=crop)
        finally:
            page.close()


def iter_pages(path: Path, source: SourceFile, settings: Settings) -> Iterator[RawPage]:
    """Yield the pages of a file in order, one at a time (see :func:`load_page`)."""
    for page_number in range(1, source.page_count + 1):
        yield load_page(path, source, page_number, settings)


def _load_pdf_page(path: Path, ref: PageRef, settings: Settings) -> RawPage:
    """Read a PDF page's text layer if it has one, and render the page image.

    Pages with a text layer are rendered at TEXT_LAYER_DPI (their words come from the
    layer); scanned pages at settings.raster_dpi for OCR.
    """
    index = ref.page - 1
    with pdf.open_pdf(path, ref.file) as document:
        page = pdf.load(document, index, ref.file)
        try:
            text = read_text_layer(page, TEXT_LAYER_DPI, settings.min_text_layer_chars, ref.file)
            dpi = TEXT_LAYER_DPI if text is not None else float(settings.raster_dpi)
            width, height = page.get_size()
            scale = dpi / pdf.POINTS_PER_INCH
            images.check_pixels((round(width * scale), round(height * scale)),
                                settings.max_pixels, ref.file, ref.page)
            image = pdf.render(page, dpi, ref.file)
        finally:
            page.close()
    if text is not None:  # the text's page size is the rendered image's, to the pixel
        text = dataclasses.replace(text, width=image.shape[1], height=image.shape[0])
    return RawPage(ref=ref, image=image, dpi=dpi, text_layer=text)
