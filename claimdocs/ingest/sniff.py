"""Recognise a file's format from its first bytes; the file name never counts (domain.md §3)."""

from __future__ import annotations

from claimdocs.errors import UnsupportedFormatError
from claimdocs.model import FileFormat

# How many leading bytes the sniffer needs; a PDF header may follow some junk (PDF 1.7
# §7.5.2 tolerates it and readers accept up to 1024 bytes of it).
SNIFF_BYTES = 1024

ACCEPTED = "PDF, JPEG, PNG, TIFF, WebP, HEIC/HEIF"

# ISO-BMFF brands of HEIF still images (HEVC-coded or generic); AVIF is not accepted.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs",
                b"mif1", b"msf1"}

_MAGIC: tuple[tuple[bytes, FileFormat], ...] = (
    (b"\xff\xd8\xff", FileFormat.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileFormat.PNG),
    (b"II*\x00", FileFormat.TIFF),
    (b"MM\x00*", FileFormat.TIFF),
    (b"II+\x00", FileFormat.TIFF),  # BigTIFF
    (b"MM\x00+", FileFormat.TIFF),
)


def sniff_format(head: bytes, name: str = "") -> FileFormat:
    """Return the format of a file from its first :data:`SNIFF_BYTES` bytes.

    Args:
        head: the first bytes of the file (at least 32 for images).
        name: the file's name, used only in the error message.

    Returns:
        The recognised format.

    Raises:
        UnsupportedFormatError: the content is none of the accepted formats.
    """
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileFormat.WEBP
    if head[4:8] == b"ftyp" and _is_heif(head):
        return FileFormat.HEIC
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return FileFormat.PDF
    raise UnsupportedFormatError(
        f"the content is not a supported document format ({_describe(head)}); "
        f"upload a {ACCEPTED} file (the file name's extension is ignored)", file=name or None)


def _is_heif(head: bytes) -> bool:
    """True when an ISO-BMFF ``ftyp`` box names a HEIF image brand (major or compatible)."""
    box_size = int.from_bytes(head[0:4], "big")
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, min(box_size, len(head)), 4)]
    return any(brand in _HEIF_BRANDS for brand in brands)


def _describe(head: bytes) -> str:
    """Name what the content looks like, so the person knows what they uploaded."""
    text = head[:256].lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "it looks like an HTML web page"
    if head[4:8] == b"ftyp":
        return f"it is an ISO media file of brand {head[8:12].decode('latin-1')!r}"
    if head.startswith(b"PK\x03\x04"):
        return "it looks like a ZIP archive or an Office document"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "it is a GIF image"
    if head.startswith(b"BM"):
        return "it looks like a BMP image"
    try:
        head[:256].decode("utf-8")
    except UnicodeDecodeError:
        return "unrecognised binary content"
    return "it looks like plain text"
