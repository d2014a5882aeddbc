"""Open an uploaded file: recognise it, fingerprint it and check the limits (domain.md §3).

Everything here is cheap: only headers are read, so a hostile file is refused before any
decoding, rendering or OCR is spent on it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimdocs.errors import EmptyFileError, FileMissingError, LimitExceededError
from claimdocs.ingest import images, pdf
from claimdocs.ingest.headers import header_size
from claimdocs.ingest.sniff import SNIFF_BYTES, sniff_format
from claimdocs.model import FileFormat, SourceFile
from claimdocs.settings import Settings

_HASH_CHUNK = 1024 * 1024


def open_file(path: Path, settings: Settings, name: str | None = None) -> SourceFile:
    """Recognise a file by its content, fingerprint it and check it against the limits.

    Args:
        path: where the file is.
        settings: supplies max_file_bytes, max_pages_per_file, max_pixels, raster_dpi.
        name: the name the person gave the file (defaults to the path's name).

    Returns:
        The SourceFile (name, sha256 of the original bytes, size, format, page count).

    Raises:
        FileMissingError, EmptyFileError, UnsupportedFormatError, CorruptFileError,
        EncryptedPdfError, LimitExceededError.
    """
    name = name or path.name
    size = _file_size(path, name)
    _check_limit(size, settings.max_file_bytes, "max_file_bytes", "bytes", name)
    with path.open("rb") as handle:
        fmt = sniff_format(handle.read(SNIFF_BYTES), name)
    if fmt is FileFormat.PDF:
        page_count = _check_pdf(path, settings, name)
    else:
        page_count = _check_image(path, fmt, settings, name)
    return SourceFile(name=name, sha256=_sha256(path), size=size, format=fmt, page_count=page_count)


def _file_size(path: Path, name: str) -> int:
    """Return the file's size in bytes; refuse missing and empty files."""
    if not path.is_file():
        raise FileMissingError("the file does not exist or is not a regular file", file=name)
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("the file is empty (0 bytes); upload it again", file=name)
    return size


def _check_limit(actual: int, limit: int, setting: str, unit: str, name: str) -> None:
    """Raise LimitExceededError naming the setting, the limit and the actual value."""
    if actual > limit:
        raise LimitExceededError(f"the file has {actual:,} {unit}, more than the limit of "
                                 f"{limit:,} {unit} ({setting}); split it or reduce it", file=name)


def _check_pdf(path: Path, settings: Settings, name: str) -> int:
    """Check a PDF's completeness, encryption, page count and page sizes; return pages."""
    pdf.check_complete(path, name)
    with pdf.open_pdf(path, name) as document:
        pages = len(document)
        _check_limit(pages, settings.max_pages_per_file, "max_pages_per_file", "pages", name)
        for index in range(pages):
            width, height = pdf.page_size_points(document, index)
            scale = settings.raster_dpi / pdf.POINTS_PER_INCH
            images.check_pixels((round(width * scale), round(height * scale)),
                                settings.max_pixels, name, index + 1)
    return pages


def _check_image(path: Path, fmt: FileFormat, settings: Settings, name: str) -> int:
    """Check an image's frame sizes from headers and detect truncation; return frames."""
    claimed = header_size(path, fmt)
    if claimed is not None:  # refuse absurd sizes before any decoder sees the file
        images.check_pixels(claimed, settings.max_pixels, name, 1)
    with images.open_image(path, name) as image:
        sizes = images.frame_sizes(image, name, settings.max_pages_per_file)
    _check_limit(len(sizes), settings.max_pages_per_file, "max_pages_per_file", "pages", name)
    for page, size in enumerate(sizes, start=1):
        images.check_pixels(size, settings.max_pixels, name, page)
    images.verify_cheaply(path, fmt, name)
    return len(sizes)


def _sha256(path: Path) -> str:
    """Return the hex sha256 of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
