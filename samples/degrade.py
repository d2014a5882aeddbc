"""Make clean renders look like real uploads: mail-room scans and phone photos.

Every function takes a PIL image and random sources and returns the new image with the
list of degradations applied (their names go into truth.json). Poor images
(``poor_*``) are only produced when the scenario injects ``poor_image``.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

Result = tuple[Image.Image, list[str]]


def scan(img: Image.Image, rng: random.Random, nrng: np.random.Generator) -> Result:
    """A grey flatbed/ADF scan: paper tone, slight skew, toner noise, soft focus."""
    done = ["scan_grey"]
    grey = np.asarray(img.convert("L"), dtype=np.float32)
    paper = rng.uniform(228, 248)
    grey = grey * ((paper - 18) / 255.0) + 18  # paper is never white, toner never black
    grey = cv2.GaussianBlur(grey, (0, 0), rng.uniform(0.4, 0.9))
    grey += nrng.standard_normal(grey.shape, dtype=np.float32) * rng.uniform(1.0, 2.5)
    angle = rng.choice((-1, 1)) * rng.uniform(0.5, 3.0 if rng.random() < 0.8 else 5.0)
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    grey = cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)
    done.append(f"skew:{angle:.1f}")
    if rng.random() < 0.3:  # the scanner lid's dark edge
        grey[:, : rng.randrange(4, 18)] = rng.randrange(30, 80)
        done.append("scanner_edge")
    return Image.fromarray(grey.clip(0, 255).astype(np.uint8)), done


def photo(img: Image.Image, rng: random.Random, nrng: np.random.Generator, long_side: int = 2000) -> Result:
    """A phone photo of the sheet lying on a table: perspective, light fall-off, blur, noise."""
    src = np.asarray(img.convert("RGB"))
    h, w = src.shape[:2]
    scale = long_side / max(w, h) * rng.uniform(0.72, 0.88)
    out_w, out_h = (long_side, round(long_side * 0.75)) if w > h else (round(long_side * 0.75), long_side)
    corners = _paper_corners(rng, w * scale, h * scale, out_w, out_h)
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    warped = cv2.warpPerspective(src, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR).astype(np.float32)
    mask = cv2.warpPerspective(np.full((h, w), 1.0, np.float32), matrix, (out_w, out_h))[..., None]
    frame = warped * mask + _table(nrng, out_w, out_h) * (1 - mask)
    frame *= _lighting(rng, out_w, out_h)
    frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.4, 1.3))
    frame += nrng.standard_normal(frame.shape, dtype=np.float32) * rng.uniform(2, 5)
    done = ["photo", "perspective", "background", "uneven_light", "blur", "noise"]
    return Image.fromarray(frame.clip(0, 255).astype(np.uint8)), done


def _paper_corners(rng: random.Random, pw: float, ph: float, out_w: int, out_h: int) -> np.ndarray:
    x0, y0 = (out_w - pw) / 2 + rng.uniform(-40, 40), (out_h - ph) / 2 + rng.uniform(-40, 40)
    j = lambda: rng.uniform(-0.06, 0.06) * min(pw, ph)  # noqa: E731 - a jitter per corner
    return np.float32([[x0 + j(), y0 + j()], [x0 + pw + j(), y0 + j()],
                       [x0 + pw + j(), y0 + ph + j()], [x0 + j(), y0 + ph + j()]])


def _table(nrng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A wood- or cloth-coloured surface with low-frequency texture."""
    base = nrng.choice([[120, 86, 60], [92, 92, 96], [160, 140, 112], [58, 62, 70], [190, 185, 178]])
    tex = cv2.resize(nrng.normal(0, 14, (h // 40 + 2, w // 8 + 2)).astype(np.float32), (w, h))
    return np.array(base, np.float32)[None, None, :] + tex[..., None]


def _lighting(rng: random.Random, w: int, h: int) -> np.ndarray:
    """Light falling off across the frame, sometimes a hand/phone shadow, warm tint.

    Computed on a coarse grid and scaled up: light varies slowly.
    """
    gw, gh = 64, 64
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    cx, cy = rng.uniform(0, gw), rng.uniform(0, gh)
    light = 1.05 - rng.uniform(0.15, 0.4) * np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / gw
    if rng.random() < 0.5:
        edge = rng.uniform(0.25, 0.75) * gw
        light *= 1 - rng.uniform(0.2, 0.4) / (1 + np.exp(-(xx + 0.3 * yy - edge) / 1.5))
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    tint = np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.98)], np.float32)  # warm indoor light
    return light[..., None] * tint


def poor(img: Image.Image, kind: str, rng: random.Random) -> Result:
    """A deliberately unreadable capture: blurred, dark, tiny or cut off."""
    if kind == "blurred":
        out = img.filter(ImageFilter.GaussianBlur(max(img.size) / rng.uniform(180, 260)))
    elif kind == "dark":
        out = Image.eval(img, lambda v: int(v * rng.uniform(0.16, 0.22)))
    elif kind == "tiny":
        out = img.resize((max(img.width // 7, 1), max(img.height // 7, 1)), Image.LANCZOS)
    elif kind == "cut_off":
        out = img.crop((0, 0, img.width, round(img.height * rng.uniform(0.4, 0.55))))
    else:
        raise ValueError(kind)
    return out, [f"poor_{kind}"]


def rotate(img: Image.Image, degrees: int) -> Image.Image:
    """Turn the content counter-clockwise by ``degrees`` (so ``degrees`` clockwise makes it upright)."""
    transpose = {90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}
    return img.transpose(transpose[degrees]) if degrees else img


def jpeg_roundtrip(img: Image.Image, quality: int) -> Image.Image:
    """Artefacts of an earlier JPEG save (a forwarded photo) before the final encoding."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert(img.mode)
