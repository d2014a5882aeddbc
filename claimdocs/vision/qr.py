"""QR codes on a page (electronic fiscal receipts carry one; domain.md §3 "Invoice")."""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import QrCode


# Detection runs at no more than this resolution: a 1.5 cm receipt QR code of 25 modules
# still has ~3.5 px per module, and a 300 dpi page costs a quarter of the time.
QR_DPI = 200.0
TOP_SHARE = 0.4


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
    codes = _decode_page(small) or _decode_enlarged(small)
    return tuple(QrCode(data=text, box=_box(points / factor)) for text, points in codes)


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
    """Second try for codes located but not decoded: a 1-bit fax-like scan at 200 dpi has
    modules two or three pixels wide. The code's region, enlarged 2×, decodes. Only the
    top of the page is searched: an electronic receipt prints its code in its heading,
    and the enlarged search costs 0.6 s on a whole page."""
    detector = cv2.QRCodeDetector()
    top = image[: int(image.shape[0] * TOP_SHARE)]
    try:
        found, corners = detector.detectMulti(cv2.resize(top, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR))
    except cv2.error:
        return []
    codes = []
    for points in (corners / 2 if found and corners is not None else []):
        x0, y0, x1, y1 = _box(points)
        margin = (x1 - x0) // 6
        x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
        crop = cv2.resize(image[y0:y1 + margin, x0:x1 + margin], None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
        try:
            text, _, _ = detector.detectAndDecode(crop)
        except cv2.error:
            continue
        if text:
            codes.append((text, points))
    return codes


def _box(points: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1 exclusive) of the code's four corner points."""
    xs, ys = points[:, 0], points[:, 1]
    return int(xs.min()), int(ys.min()), int(np.ceil(xs.max())) + 1, int(np.ceil(ys.max())) + 1
