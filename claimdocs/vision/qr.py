"""QR codes on a page (electronic fiscal receipts carry one; domain.md §3 "Invoice")."""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import QrCode
from claimdocs.vision.imageops import components, dilate_rect, to_grey


# Detection runs at no more than this resolution: a 1.5 cm receipt QR code of 25 modules
# still has ~3.5 px per module, and a 300 dpi page costs a quarter of the time.
QR_DPI = 200.0
TOP_SHARE = 0.4
DECODE_SCALES = (1.0, 2.0, 0.75, 0.5, 1.5)


def read_qr_codes(grey: np.ndarray, dpi: float = QR_DPI) -> tuple[QrCode, ...]:
    """Detect and decode every QR code on a page.

    Args:
        grey: the page, uint8 (grey or BGR).
        dpi: its resolution; pages finer than QR_DPI are reduced to it first.

    Returns:
        The decoded codes with their boxes (page pixels); codes found but not decodable
        are left out.
    """
    factor = min(1.0, QR_DPI / max(dpi, 1.0))
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else grey
    codes = [(text, points / factor) for text, points in _decode_page(small)] or _decode_enlarged(grey)
    return tuple(QrCode(data=text, box=_box(points)) for text, points in codes)


# A QR code printed on a receipt or form is 1-6 cm wide.
CODE_CM = (1.0, 6.0)
CM_PER_INCH = 2.54
# Ink joined across this gap (mm) merges a code's dark modules into one blob (a module is
# 0.6-1 mm) but leaves its quiet zone of four modules, and the text beyond it, apart.
JOIN_MM = 1.0
MM_PER_INCH = 25.4
# A code is about half dark modules; text, a seal or a rule box is far less dense.
CODE_INK_SHARE = (0.3, 0.75)
# ... and its joined modules fill their square (a round seal fills 79 % at most).
CODE_BLOB_FILL = 0.85
# The region returned reaches past the code by this share of its width: the quiet zone.
REGION_MARGIN = 0.15


def code_regions(image: np.ndarray, dpi: float) -> tuple[tuple[int, int, int, int], ...]:
    """Where a QR code may be on a page drawn too small to decode it: a digital PDF
    rendered at 100 dpi shows a 2.4 cm receipt code's modules 2.5 px wide, which OpenCV
    neither finds nor decodes, so the page's code is drawn again finer (pipeline). A code
    is a square of ink 1-6 cm wide, about half of it dark, whose modules joined fill it.

    Returns:
        Boxes (x0, y0, x1, y1 exclusive, page pixels) around each such square with its
        quiet zone, biggest first.
    """
    dark = (to_grey(image) < 128).astype(np.uint8)
    join = max(1, round(JOIN_MM * dpi / MM_PER_INCH))
    labels, stats = components(dilate_rect(dark, join, join))
    smallest, largest = (cm * dpi / CM_PER_INCH for cm in CODE_CM)
    regions = []
    for label in range(1, len(stats)):
        x, y, width, height, area = (int(v) for v in stats[label])
        if not (smallest <= min(width, height) and max(width, height) <= largest + join) \
                or max(width, height) > 1.25 * min(width, height) or area < CODE_BLOB_FILL * width * height:
            continue
        ink = float(dark[y:y + height, x:x + width].mean())
        if CODE_INK_SHARE[0] <= ink <= CODE_INK_SHARE[1]:
            margin = round(REGION_MARGIN * width)
            regions.append((width * height, (max(0, x - margin), max(0, y - margin),
                                             min(dark.shape[1], x + width + margin),
                                             min(dark.shape[0], y + height + margin))))
    return tuple(box for _, box in sorted(regions, reverse=True))


def _decode_page(image: np.ndarray) -> list[tuple[str, np.ndarray]]:
    detector = cv2.QRCodeDetector()
    try:
        found, texts, corners, _ = detector.detectAndDecodeMulti(image)
    except cv2.error:  # OpenCV raises on some degenerate detections instead of failing soft
        return []
    if not found or corners is None:
        return []
    return [(text, points) for text, points in zip(texts, corners) if text]


def _decode_enlarged(image: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Second try, for codes located but not decoded (a blurred scan, a 1-bit fax-like
    scan with modules two pixels wide): the code's region alone, with a white margin, at
    a few scales. OpenCV's decoder succeeds at some scales and not others. Only the top
    of the page is searched: an electronic receipt prints its code in its heading."""
    detector = cv2.QRCodeDetector()
    top = image[: int(image.shape[0] * TOP_SHARE)]
    codes = []
    for points in _locate(detector, top):
        text = _decode_region(detector, top, _box(points))
        if text:
            codes.append((text, points))
    return codes


def _locate(detector: cv2.QRCodeDetector, image: np.ndarray) -> list[np.ndarray]:
    """Corner points of the codes in ``image``, looked for at full and double size."""
    for factor in (1.0, 2.0):
        scaled = image if factor == 1.0 else cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
        try:
            found, corners = detector.detectMulti(scaled)
        except cv2.error:
            continue
        if found and corners is not None:
            return [points / factor for points in corners]
    return []


def _decode_region(detector: cv2.QRCodeDetector, image: np.ndarray, box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    margin = (x1 - x0) // 6
    crop = image[max(0, y0 - margin):y1 + margin, max(0, x0 - margin):x1 + margin]
    for scale in DECODE_SCALES:
        sized = cv2.resize(crop, None, fx=scale, fy=scale,
                           interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_NEAREST)
        padded = cv2.copyMakeBorder(sized, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
        try:
            text, _, _ = detector.detectAndDecode(padded)
        except cv2.error:
            continue
        if text:
            return text
    return ""


def _box(points: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1 exclusive) of the code's four corner points."""
    xs, ys = points[:, 0], points[:, 1]
    return int(xs.min()), int(ys.min()), int(np.ceil(xs.max())) + 1, int(np.ceil(ys.max())) + 1
