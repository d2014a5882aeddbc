"""Make the hostile input files in tests/resources/hostile/ (see README.md there).

Run from the repository root:  .venv/bin/python tests/resources/make_hostile.py
The files are committed; this script documents how each was made and can remake them.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent / "hostile"


def small_pdf(encrypt: str | None = None) -> bytes:
    """A one-page PDF with a line of text; optionally protected by a user password."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    page.drawString(72, 760, "Discharge certificate, page 1 of 1 (test file)")
    page.showPage()
    page.save()
    return buffer.getvalue()


def blank_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` blank A4 pages, written by hand so it stays small."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
               + b"] /Count %d /MediaBox [0 0 595 842] >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height but whose data is a few bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is patched to claim width×height."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def photo_jpeg() -> bytes:
    """A 600×800 noisy JPEG (noise keeps the entropy-coded data long)."""
    buffer = io.BytesIO()
    Image.effect_noise((600, 800), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def photo_png() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 60).save(buffer, "PNG")
    return buffer.getvalue()


FILES: dict[str, bytes] = {
    "empty.pdf": b"",
    "zero-bytes.jpg": b"",
    "truncated.pdf": small_pdf()[: len(small_pdf()) // 2],
    "encrypted-user-password.pdf": small_pdf(encrypt="secret"),
    "html-named.pdf": b"<!DOCTYPE html>\n<html><head><title>Login</title></head>"
                      b"<body>Session expired</body></html>\n",
    "text-named.heic": "这不是图片，是一个文本文件。\n".encode("utf-8"),
    "png-claims-100000x100000.png": png_claiming(100_000, 100_000),
    "jpeg-claims-65000x65000.jpg": jpeg_claiming(65_000, 65_000),
    "pdf-2000-blank-pages.pdf": blank_pages_pdf(2000),
    "truncated.jpg": photo_jpeg()[:20_000],
    "truncated.png": photo_png()[:30_000],
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
