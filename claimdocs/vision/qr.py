"""QR codes on a page (electronic fiscal receipts carry one; domain.md §3 "Invoice")."""

from __future__ import annotations

import cv2
import numpy as np

from claimdocs.model import QrCode


# Detection runs at no more than this resolution: a 1.5 cm receipt QR code of 25 modules
# still has ~3.5 px per module, and a 300 dpi page costs a quarter of the time.
QR_DPI = 200.0


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
    detector = cv2.QRCodeDetector()
    try:
        found, texts, corners, _ = detector.detectAndDecodeMulti(small)
    except cv2.error:  # OpenCV raises on some degenerate detections instead of failing soft
        return ()
    if not found or corners is None:
        return ()
    return tuple(QrCode(data=text, box=_box(points / factor)) for text, points in zip(texts, corners) if text)


def _box(points: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1 exclusive) of the code's four corner points."""
    xs, ys = points[:, 0], points[:, 1]
    return int(xs.min()), int(ys.min()), int(np.ceil(xs.max())) + 1, int(np.ceil(ys.max())) + 1
