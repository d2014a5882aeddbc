"""Turn :class:`samples.layout.Page` descriptions into raster images and PDF pages.

Raster pages use the Noto CJK fonts through Pillow; PDF pages are drawn by reportlab
with real text (the Adobe-GB1 font STSong-Light, which every PDF reader maps to an
installed CJK font), so pdfplumber extracts the same strings a scan shows.
"""

from __future__ import annotations

import math
import random
import zlib
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from samples.layout import Line, Page, Photo, Qr, Rect, Seal, Text

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONTS = {  # name -> (file, index of the Simplified Chinese face in the collection)
    "serif": ("NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": ("NotoSerifCJK-Bold.ttc", 2),
    "sans": ("NotoSansCJK-Regular.ttc", 2),
    "sans_bold": ("NotoSansCJK-Bold.ttc", 2),
    "mono": ("NotoSansCJK-Regular.ttc", 7),  # Noto Sans Mono CJK SC: printer-like digits
}
PDF_FONT = "STSong-Light"
MM_PER_INCH = 25.4


@lru_cache(maxsize=256)
def font(name: str, px: int) -> ImageFont.FreeTypeFont:
    """A Noto CJK face at a pixel size (cached: loading a .ttc costs milliseconds)."""
    file, index = FONTS[name]
    return ImageFont.truetype(str(FONT_DIR / file), max(px, 4), index=index)


# --- raster ------------------------------------------------------------------------


def rasterize(page: Page, dpi: float) -> Image.Image:
    """Draw a page as an RGB image at ``dpi``."""
    s = dpi / MM_PER_INCH
    img = Image.new("RGB", (round(page.width * s), round(page.height * s)), page.paper)
    draw = ImageDraw.Draw(img)
    for op in page.ops:
        if isinstance(op, Text):
            _draw_text(img, draw, op, s, dpi)
        elif isinstance(op, Line):
            draw.line([(op.x0 * s, op.y0 * s), (op.x1 * s, op.y1 * s)], fill=op.color,
                      width=max(1, round(op.width * s)))
        elif isinstance(op, Rect):
            draw.rectangle([op.x0 * s, op.y0 * s, op.x1 * s, op.y1 * s], fill=op.fill,
                           outline=op.color, width=max(1, round(op.width * s)) if op.color else 0)
        elif isinstance(op, Seal):
            img = _stamp(img, op, s)
            draw = ImageDraw.Draw(img)
        elif isinstance(op, Qr):
            img.paste(qr_image(op.data, round(op.size * s)), (round(op.x * s), round(op.y * s)))
        elif isinstance(op, Photo):
            img.paste(portrait(round(op.w * s), round(op.h * s)), (round(op.x * s), round(op.y * s)))
    return img


def _draw_text(img: Image.Image, draw: ImageDraw.ImageDraw, op: Text, s: float, dpi: float) -> None:
    f = font(op.font, round(op.size * dpi / 72))
    anchor = {"l": "ls", "m": "ms", "r": "rs"}[op.anchor]
    if not op.hand:
        draw.text((op.x * s, op.y * s), op.text, font=f, fill=op.color, anchor=anchor)
        return
    # Handwriting: each glyph slightly rotated, shifted and resized, in ball-pen ink.
    rng = random.Random(zlib.crc32(f"{op.x},{op.y},{op.text}".encode()))
    width = draw.textlength(op.text, font=f)
    x = op.x * s - {"l": 0, "m": width / 2, "r": width}[op.anchor]
    for ch in op.text:
        g = font(op.font, round(op.size * dpi / 72 * rng.uniform(0.95, 1.07)))
        mask = Image.new("L", (g.size * 2, g.size * 2), 0)
        ImageDraw.Draw(mask).text((g.size, g.size), ch, font=g, fill=255, anchor="ls")
        mask = mask.rotate(rng.uniform(-5, 5), resample=Image.BICUBIC, center=(g.size, g.size))
        y = op.y * s + rng.uniform(-0.08, 0.08) * g.size
        img.paste(op.color, (round(x - g.size), round(y - g.size)), mask)
        x += draw.textlength(ch, font=g) * rng.uniform(0.95, 1.08)


def _stamp(img: Image.Image, seal: Seal, s: float) -> Image.Image:
    """Multiply the seal's ink onto the page: printed text stays visible under it."""
    coverage = seal_mask(seal, s)
    h, w = coverage.shape
    x0, y0 = round(seal.cx * s - w / 2), round(seal.cy * s - h / 2)
    page = np.asarray(img, dtype=np.float32)
    ph, pw = page.shape[:2]
    sx0, sy0, sx1, sy1 = max(x0, 0), max(y0, 0), min(x0 + w, pw), min(y0 + h, ph)
    if sx0 >= sx1 or sy0 >= sy1:
        return img
    a = coverage[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0, None]
    ink = np.array(seal.color, dtype=np.float32) / 255.0
    region = page[sy0:sy1, sx0:sx1]
    page[sy0:sy1, sx0:sx1] = region * (1 - a * (1 - ink))
    return Image.fromarray(page.clip(0, 255).astype(np.uint8))


def seal_mask(seal: Seal, s: float) -> np.ndarray:
    """Ink coverage in [0, 1] of a seal, rendered at ``s`` pixels per mm."""
    r = seal.radius * s
    rx, ry = (r, r * 0.68) if seal.oval else (r, r)
    size = round(2 * r + 4)
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    c = size / 2
    d.ellipse([c - rx, c - ry, c + rx, c + ry], outline=255, width=max(2, round(r * 0.065)))
    if seal.oval:
        _curved_text(mask, seal.name, c, c, ry * 0.72, r * 0.2, 140, stretch=rx / ry)
        f = font("serif_bold", round(r * 0.15))
        d.text((c, c + r * 0.08), seal.subtitle or "财政部监制", font=f, fill=255, anchor="ms")
    else:
        _star(d, c, c, r * 0.26)
        _curved_text(mask, seal.name, c, c, r * 0.74, r * 0.27, 250)
        if seal.subtitle:
            f = font("serif_bold", round(r * 0.16))
            d.text((c, c + r * 0.55), seal.subtitle, font=f, fill=255, anchor="ms")
    mask = mask.rotate(seal.angle, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(r * 0.006))
    return _ink_texture(np.asarray(mask, dtype=np.float32) / 255.0, seal.seed)


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.4
        a = math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
    d.polygon(pts, fill=255)


def _curved_text(mask: Image.Image, text: str, cx: float, cy: float, radius: float,
                 char_px: float, span_deg: float, stretch: float = 1.0) -> None:
    """Write ``text`` clockwise along the top arc, each glyph facing the centre."""
    n = len(text)
    span = min(span_deg, 26 * n) if n > 1 else 0
    f = font("serif_bold", round(char_px))
    for i, ch in enumerate(text):
        theta = math.radians(-span / 2 + span * i / max(n - 1, 1))
        glyph = Image.new("L", (round(char_px * 2), round(char_px * 2)), 0)
        ImageDraw.Draw(glyph).text((char_px, char_px), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(theta), resample=Image.BICUBIC)
        x = cx + radius * stretch * math.sin(theta) - char_px
        y = cy - radius * math.cos(theta) - char_px
        mask.paste(255, (round(x), round(y)), glyph)


def _ink_texture(cov: np.ndarray, seed: int) -> np.ndarray:
    """Uneven stamp pressure: low-frequency density and small ink-free specks."""
    rng = np.random.default_rng(seed)
    h, w = cov.shape
    low = cv2.resize(rng.uniform(0.55, 1.0, (6, 6)).astype(np.float32), (w, h),
                     interpolation=cv2.INTER_CUBIC)
    specks = rng.random((h, w)) > 0.06
    return np.clip(cov * low * specks * 0.95, 0, 1)


def qr_matrix(data: str) -> np.ndarray:
    """QR modules (True = dark) with a 2-module quiet zone, via OpenCV's encoder."""
    code = cv2.QRCodeEncoder.create().encode(data)
    return np.pad(code < 128, 2, constant_values=False)


def qr_image(data: str, px: int) -> Image.Image:
    dark = qr_matrix(data)
    img = Image.fromarray(np.where(dark, 0, 255).astype(np.uint8))
    return img.resize((px, px), Image.NEAREST).convert("RGB")


def portrait(w: int, h: int) -> Image.Image:
    """A neutral silhouette on the pale background of ID photos."""
    img = Image.new("RGB", (max(w, 2), max(h, 2)), (236, 240, 244))
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.3, h * 0.16, w * 0.7, h * 0.6], fill=(120, 112, 108))
    d.ellipse([w * 0.08, h * 0.62, w * 0.92, h * 1.35], fill=(60, 62, 70))
    return img


# --- PDF with a text layer -------------------------------------------------------------


def write_pdf(pages: list[Page], path: Path) -> None:
    """Write pages as a digital PDF: vector text and rules, seals and QR codes as images."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    c = canvas.Canvas(str(path), invariant=1, pageCompression=1)
    for page in pages:
        c.setPageSize((page.width * mm, page.height * mm))
        for op in page.ops:
            _pdf_op(c, op, page.height, mm, ImageReader)
        c.showPage()
    c.save()


def _pdf_op(c, op, page_h: float, mm: float, image_reader) -> None:
    def y(v: float) -> float:
        return (page_h - v) * mm

    if isinstance(op, Text):
        c.setFillColorRGB(*(v / 255 for v in op.color))
        c.setStrokeColorRGB(*(v / 255 for v in op.color))
        t = c.beginText()
        t.setFont(PDF_FONT, op.size)
        t.setTextRenderMode(2 if op.font.endswith("bold") else 0)  # fill+stroke fakes bold
        width = c.stringWidth(op.text, PDF_FONT, op.size)
        dx = {"l": 0, "m": width / 2, "r": width}[op.anchor]
        t.setTextOrigin(op.x * mm - dx, y(op.y))
        t.textOut(op.text)
        c.setLineWidth(0.25)
        c.drawText(t)
    elif isinstance(op, Line):
        c.setStrokeColorRGB(*(v / 255 for v in op.color))
        c.setLineWidth(op.width * mm)
        c.line(op.x0 * mm, y(op.y0), op.x1 * mm, y(op.y1))
    elif isinstance(op, Rect):
        if op.fill:
            c.setFillColorRGB(*(v / 255 for v in op.fill))
        if op.color:
            c.setStrokeColorRGB(*(v / 255 for v in op.color))
            c.setLineWidth(op.width * mm)
        c.rect(op.x0 * mm, y(op.y1), (op.x1 - op.x0) * mm, (op.y1 - op.y0) * mm,
               stroke=1 if op.color else 0, fill=1 if op.fill else 0)
    elif isinstance(op, Seal):
        cov = seal_mask(op, 12.0)
        rgba = np.zeros(cov.shape + (4,), np.uint8)
        rgba[..., :3] = op.color
        rgba[..., 3] = (cov * 255).astype(np.uint8)
        size = cov.shape[0] / 12.0
        c.drawImage(image_reader(Image.fromarray(rgba, "RGBA")), (op.cx - size / 2) * mm,
                    y(op.cy + size / 2), size * mm, size * mm, mask="auto")
    elif isinstance(op, Qr):
        dark = qr_matrix(op.data)
        m = op.size / dark.shape[0]
        c.setFillColorRGB(0, 0, 0)
        for r, col in zip(*np.nonzero(dark)):
            c.rect((op.x + col * m) * mm, y(op.y + (r + 1) * m), m * mm, m * mm, stroke=0, fill=1)
    elif isinstance(op, Photo):
        img = portrait(round(op.w * 8), round(op.h * 8))
        c.drawImage(image_reader(img), op.x * mm, y(op.y + op.h), op.w * mm, op.h * mm)
