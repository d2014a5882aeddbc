"""Read image dimensions straight from PNG, JPEG and WebP headers, without any decoder.

This lets an image that claims 100000×100000 pixels be refused before Pillow (or anything
else) looks at it. Other formats rely on Pillow's lazy header parsing.
"""

from __future__ import annotations

import struct
from pathlib import Path

from claimdocs.model import FileFormat

# EXIF and ICC segments come before a JPEG's frame header; they are at most 64 KiB each.
_JPEG_SCAN_LIMIT = 1024 * 1024
# JPEG start-of-frame markers (baseline, progressive, lossless...; not DHT/JPG/DAC).
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def header_size(path: Path, fmt: FileFormat) -> tuple[int, int] | None:
    """Return (width, height) stated by the header, or None if the format is not parsed here
    or the header is too damaged to read (the decoder will then report the damage)."""
    with path.open("rb") as handle:
        if fmt is FileFormat.PNG:
            return _png_size(handle.read(32))
        if fmt is FileFormat.WEBP:
            return _webp_size(handle.read(32))
        if fmt is FileFormat.JPEG:
            return _jpeg_size(handle.read(_JPEG_SCAN_LIMIT))
    return None


def _png_size(head: bytes) -> tuple[int, int] | None:
    """PNG: the IHDR chunk always comes first; width and height are at bytes 16–24."""
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def _webp_size(head: bytes) -> tuple[int, int] | None:
    """WebP: the first chunk is VP8X (canvas size), VP8 (lossy) or VP8L (lossless)."""
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        return (int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1)
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """JPEG: walk the marker segments up to the first start-of-frame and read its size."""
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None
