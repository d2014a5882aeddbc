"""OpenCV vision: orientation, perspective and deskew, quality, red seals, QR, cleanup.

One module per concern, pure functions on numpy images; :func:`prepare` runs them in
order on a RawPage and returns the PreparedPage OCR reads.
"""

from claimdocs.vision.cards import find_cards
from claimdocs.vision.cleanup import clean_for_ocr
from claimdocs.vision.geometry import deskew, estimate_skew, find_paper, flatten_paper
from claimdocs.vision.orientation import Orientation, detect_rotation
from claimdocs.vision.prepare import prepare
from claimdocs.vision.qr import QR_DPI, code_regions, read_qr_codes
from claimdocs.vision.quality import DEFAULT_THRESHOLDS, QualityThresholds, assess
from claimdocs.vision.seal import find_seals

__all__ = [
    "DEFAULT_THRESHOLDS", "Orientation", "QR_DPI", "code_regions", "find_cards", "QualityThresholds", "assess", "clean_for_ocr", "deskew",
    "detect_rotation", "estimate_skew", "find_paper", "find_seals", "flatten_paper", "prepare",
    "read_qr_codes",
]
