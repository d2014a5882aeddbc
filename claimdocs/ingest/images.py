"""Raster image files (JPEG, PNG, TIFF, WebP, HEIC): headers, frame counts and decoding.

Pillow opens lazily: ``Image.open`` reads the header only, so sizes and frame counts are
known before any pixel is decoded. Decoding errors are turned into claimdocs errors here.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from claimdocs.errors import CorruptFileError, LimitExceededError
from claimdocs.model import FileFormat

pillow_heif.register_heif_opener()

# Errors Pillow and its plugins raise on damaged or truncated content.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError,
                  Image.DecompressionBombError)

# Scans rarely state a resolution below 100 dpi; above 1200 dpi is not a document scan.
_PLAUSIBLE_DPI = (100.0, 1200.0)
# A document page is between a receipt (~3 in) and A3 (16.5 in) on its long side.
_PLAUSIBLE_LONG_SIDE_INCHES = (3.0, 17.0)
# Without trustworthy metadata, assume the image's long side spans an A4 page's long side.
A4_LONG_SIDE_INCHES = 11.69


@contextmanager
def open_image(path: Path, name: str) -> Iterator[Image.Image]:
    """Open an image file lazily (header only), translating failures to claimdocs errors.

    Args:
        path: the file.
        name: the name the person gave it, for messages.

    Yields:
        The opened Pillow image (not yet decoded).

    Raises:
        CorruptFileError: the header cannot be read.
        LimitExceededError: Pillow's own decompression-bomb guard refused the size.
    """
    try:
        with warnings.catch_warnings():
            # Sizes are checked against our own limit right after opening.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as err:
        raise LimitExceededError(f"the image is far too large to process ({err})", file=name) from err
    except _DECODE_ERRORS as err:
        raise CorruptFileError(f"the image cannot be read ({err}); upload the original file "
                               "again or take a new photo", file=name) from err
    with image:
        yield image


def frame_sizes(image: Image.Image, name: str, max_frames: int) -> list[tuple[int, int]]:
    """Return (width, height) of every frame (TIFF pages, HEIF images), reading headers only.

    Stops after ``max_frames + 1`` frames, so a file claiming millions of pages (or an
    IFD chain that loops) costs no more than one page over the limit.

    Raises:
        CorruptFileError: a frame's header is damaged.
    """
    sizes: list[tuple[int, int]] = []
    try:
        while len(sizes) <= max_frames:
            try:
                image.seek(len(sizes))
            except EOFError:
                break
            sizes.append(image.size)
        image.seek(0)
    except _DECODE_ERRORS as err:
        raise CorruptFileError(f"frame {len(sizes) + 1} of the image cannot be read ({err})",
                               file=name) from err
    return sizes


def check_pixels(size: tuple[int, int], max_pixels: int, name: str, page: int) -> None:
    """Refuse a page whose pixel count exceeds the limit, before anything is decoded.

    Raises:
        LimitExceededError: naming the limit and the actual size.
    """
    width, height = size
    if width * height > max_pixels:
        raise LimitExceededError(
            f"page {page} is {width}×{height} = {width * height:,} pixels, more than the limit of "
            f"{max_pixels:,} pixels (max_pixels); upload a smaller image", file=name)


def verify_cheaply(path: Path, fmt: FileFormat, name: str) -> None:
    """Detect truncated JPEG and PNG files at open time without a full decode.

    JPEG: decode at 1/8 scale (``draft``), which still reads every entropy-coded byte.
    PNG: ``verify`` walks the chunks and their CRCs without inflating the pixels.

    Raises:
        CorruptFileError: the file is damaged or truncated.
    """
    if fmt not in (FileFormat.JPEG, FileFormat.PNG):
        return
    with open_image(path, name) as image:
        try:
            if fmt is FileFormat.JPEG:
                image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
            else:
                image.verify()
        except _DECODE_ERRORS as err:
            raise CorruptFileError(f"the image is damaged or truncated ({err}); upload the "
                                   "original file again", file=name) from err


def decode_frame(path: Path, frame: int, name: str, max_pixels: int) -> tuple[np.ndarray, float | None]:
    """Decode one frame (0-based) to a BGR uint8 array with its EXIF orientation applied.

    Returns:
        The image and the resolution its metadata states (None when absent).

    Raises:
        CorruptFileError: the pixels cannot be decoded.
        LimitExceededError: the frame is larger than ``max_pixels`` (checked before decoding,
            as the file may have changed since it was opened).
    """
    with open_image(path, name) as image:
        try:
            image.seek(frame)
            check_pixels(image.size, max_pixels, name, frame + 1)
            stated_dpi = _stated_dpi(image)
            # Phones store portrait shots rotated. In place: the copy exif_transpose makes
            # otherwise, even of a page without an orientation tag, took ~6 ms a page.
            ImageOps.exif_transpose(image, in_place=True)
            return _to_bgr(image), stated_dpi
        except _DECODE_ERRORS as err:
            raise CorruptFileError(f"page {frame + 1} of the image cannot be decoded ({err}); "
                                   "upload the original file again", file=name) from err


def _stated_dpi(image: Image.Image) -> float | None:
    """Return the horizontal resolution the file's metadata states, if any."""
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    try:
        return float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None


def _to_bgr(image: Image.Image) -> np.ndarray:
    """Convert any Pillow mode to BGR uint8; transparency is laid on white paper."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greys: Pillow's convert("L") clips, so scale to 8 bits ourselves.
        grey = np.asarray(image, dtype=np.uint32)
        grey = (grey * 255 // max(1, int(grey.max()))).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    # cv2 swaps the channels into a new contiguous array in one pass: convert("RGB") of an
    # RGB image and a contiguous copy of the reversed view were two more copies (~10 ms).
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def plausible_dpi(stated: float | None, width: int, height: int) -> float:
    """Return the stated resolution if it is believable, else an estimate.

    A stated dpi is believed when it lies in 100–1200 and makes the page's long side a
    document size (3–17 inches); phones write 72 dpi into every photo, which fails that.
    The estimate assumes the long side of the image spans an A4 page (11.69 in): right for
    scans and paper-filling photos, an underestimate for photos with much background.
    """
    long_side = max(width, height)
    if stated and _PLAUSIBLE_DPI[0] <= stated <= _PLAUSIBLE_DPI[1]:
        inches = long_side / stated
        if _PLAUSIBLE_LONG_SIDE_INCHES[0] <= inches <= _PLAUSIBLE_LONG_SIDE_INCHES[1]:
            return stated
    return long_side / A4_LONG_SIDE_INCHES
