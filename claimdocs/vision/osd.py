"""The one wrapper around Tesseract's orientation detection (``--psm 0``), used as a
fallback when the page's own evidence cannot tell upright from upside down.
"""

from __future__ import annotations

import re
import subprocess

import cv2
import numpy as np

from claimdocs.errors import OcrError, OcrTimeoutError

# OSD needs no more than a ~150 dpi page; it is given at most this many pixels a side.
OSD_LONG_SIDE = 1600
OSD_TIMEOUT_SECONDS = 15.0
# Messages of a run that found too little text: not a failure, just no answer.
_HARMLESS = ("Too few characters", "Estimating resolution", "Warning. Invalid resolution")
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_orientation(grey: np.ndarray, tesseract_cmd: str = "tesseract") -> tuple[int, float] | None:
    """Ask Tesseract OSD how far to rotate the page clockwise to make it upright.

    Args:
        grey: the page (uint8, single channel); downscaled here.
        tesseract_cmd: the Tesseract program.

    Returns:
        (rotation 0/90/180/270 clockwise, OSD confidence), or None when OSD found too
        little text to decide.

    Raises:
        OcrError: Tesseract is missing or failed.  OcrTimeoutError: it ran too long.
    """
    factor = min(1.0, OSD_LONG_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    png = cv2.imencode(".png", small)[1].tobytes()
    command = [tesseract_cmd, "stdin", "stdout", "--psm", "0", "--dpi", "150"]
    try:
        run = subprocess.run(command, input=png, capture_output=True, timeout=OSD_TIMEOUT_SECONDS)
    except FileNotFoundError as err:
        raise OcrError(f"Tesseract is not installed or not at {tesseract_cmd!r}") from err
    except subprocess.TimeoutExpired as err:
        raise OcrTimeoutError(f"orientation detection took longer than {OSD_TIMEOUT_SECONDS} s") from err
    return _parse(run.returncode, run.stdout.decode(errors="replace"), run.stderr.decode(errors="replace"))


def _parse(returncode: int, stdout: str, stderr: str) -> tuple[int, float] | None:
    """Read rotation and confidence from OSD output; None for the harmless no-answer cases."""
    rotate, confidence = _ROTATE.search(stdout), _CONFIDENCE.search(stdout)
    if rotate and confidence:
        return int(rotate.group(1)) % 360, float(confidence.group(1))
    if returncode == 0 or any(message in stderr for message in _HARMLESS):
        return None
    raise OcrError(f"Tesseract orientation detection failed: {stderr.strip()[:200]}")
