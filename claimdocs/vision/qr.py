"""QR codes on a page (electronic fiscal receipts carry one; domain.md §3 "Invoice")."""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import QrCode


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
