"""Put rendered documents into files the way people and mail rooms hand them in.

A packet's ``capture`` decides the plan: ``phone`` (one photo per page, JPEG/HEIC/WebP/
PNG, sometimes misnamed), ``mailroom`` (grey scans gathered into multi-page PDFs or
TIFFs, some pages sideways or upside down), ``mixed`` (hospital papers scanned into one
PDF, the rest photographed) and ``digital`` (hospital papers as a digital PDF with a
text layer, the rest photographed or scanned).
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image

from samples import degrade, render
from samples.documents.common import Doc
from samples.layout import A4, Page

pillow_heif.register_heif_opener()
MAX_IMAGE_BYTES = 1_500_000
HOSPITAL_PAPERS = ("invoice", "expense_list", "discharge_certificate", "referral_certificate",
                   "emergency_certificate")
PHOTO_FORMATS = (("jpeg", 0.55), ("heic", 0.15), ("webp", 0.15), ("png", 0.15))
EXT = {"jpeg": "jpg", "png": "png", "webp": "webp", "heic": "heic", "tiff": "tif", "pdf": "pdf"}
MISLEADING = {"png": "jpg", "heic": "jpg", "webp": "png", "jpeg": "png"}


@dataclass
class Slot:
    """One page of one document, waiting to be put in a file."""

    doc_id: str
    doc: Doc
    index: int  # 0-based page of the document

    @property
    def page(self) -> Page:
        return self.doc.pages[self.index]


@dataclass
class FilePlan:
    kind: str  # digital_pdf | scan_pdf | tiff | photo | screenshot
    slots: list[Slot]
    format: str = "pdf"
    name: str = ""
    truth: dict = field(default_factory=dict)


def plan_files(rng: random.Random, capture: str, slots: list[Slot], poor_doc: str | None,
               colour_docs: set[str] = frozenset()) -> list[FilePlan]:
    """Group the packet's pages into files according to the capture style.

    Pages of ``colour_docs`` (an injected missing seal) are photographed in colour: on a grey
    scan the absence of a red seal could not be seen either.
    """
    poor = [s for s in slots if s.doc.type == poor_doc and s.index == 0]
    colour = [s for s in slots if s.doc.type in colour_docs and s not in poor]
    rest = [s for s in slots if s not in poor and s not in colour]
    if capture == "mailroom":
        plans = [FilePlan(rng.choice(("scan_pdf", "tiff")), chunk) for chunk in _chunks(rng, rest)]
    elif capture in ("mixed", "digital"):
        hospital = [s for s in rest if s.doc.type in HOSPITAL_PAPERS]
        others = [s for s in rest if s.doc.type not in HOSPITAL_PAPERS]
        kind = "digital_pdf" if capture == "digital" else "scan_pdf"
        plans = [FilePlan(kind, hospital)] if hospital else []
        plans += [_single(rng, s, capture) for s in others]
    else:
        plans = [_single(rng, s, capture) for s in rest]
    plans += [FilePlan("photo", [s], format="jpeg") for s in poor + colour]
    for plan in plans:
        if plan.kind in ("scan_pdf", "digital_pdf"):
            plan.format = "pdf"
        elif plan.kind == "tiff":
            plan.format = "tiff"
    return plans


def _chunks(rng: random.Random, slots: list[Slot]) -> list[list[Slot]]:
    """Split a mail-room batch into 1-3 files at document boundaries."""
    cuts = sorted(rng.sample(range(1, len(slots)), min(rng.randrange(0, 3), len(slots) - 1)))
    cuts = [c for c in cuts if slots[c].index == 0]
    edges = [0, *cuts, len(slots)]
    return [slots[a:b] for a, b in zip(edges, edges[1:]) if b > a]


def _single(rng: random.Random, slot: Slot, capture: str) -> FilePlan:
    """A single image: a photo, or for digital documents sometimes a screenshot."""
    if slot.doc.layout in ("electronic", "receipt") and rng.random() < 0.5:
        return FilePlan("screenshot", [slot], format="png")
    if capture == "digital" and rng.random() < 0.3:
        return FilePlan("scan_image", [slot], format=rng.choice(("png", "tiff", "jpeg")))
    formats, weights = zip(*PHOTO_FORMATS)
    return FilePlan("photo", [slot], format=rng.choices(formats, weights)[0])


# --- writing -----------------------------------------------------------------------------


def write(plan: FilePlan, out_dir: Path, rng: random.Random, nrng: np.random.Generator,
          poor_kind: str | None, poor_doc: str | None) -> dict:
    """Write one file; returns its truth entry (name, format, text_layer, pages)."""
    if plan.kind == "digital_pdf":
        render.write_pdf([s.page for s in plan.slots], out_dir / plan.name)
        pages = [_page_truth(i, s, 0, []) for i, s in enumerate(plan.slots, 1)]
        return {"name": plan.name, "format": "pdf", "text_layer": True, "pages": pages}
    images, pages = [], []
    dpi = rng.choice((150, 200, 200, 300)) if plan.kind != "photo" else 0
    for i, slot in enumerate(plan.slots, 1):
        poor_here = poor_kind if (slot.doc.type == poor_doc and slot.index == 0) else None
        img, rotation, done = _capture(plan.kind, slot.page, rng, nrng, dpi, poor_here)
        images.append(img)
        pages.append(_page_truth(i, slot, rotation, done))
    _save(plan, images, out_dir / plan.name, rng, dpi)
    truth = {"name": plan.name, "format": plan.format, "text_layer": False, "pages": pages}
    if not plan.name.endswith("." + EXT[plan.format]):
        truth["misleading_extension"] = True
    return truth


def _page_truth(n: int, slot: Slot, rotation: int, done: list[str]) -> dict:
    return {"page": n, "type": slot.doc.type, "document": slot.doc_id, "rotation": rotation,
            "degradations": done, "seal": slot.page.has_seal}


def _capture(kind: str, page: Page, rng, nrng, dpi: int, poor_kind: str | None):
    """Render and degrade one page; returns (image, rotation, degradations)."""
    if kind == "screenshot":
        return render.rasterize(page, 150), 0, ["screenshot"]
    if kind == "photo":
        long_side = 2000 if max(page.width, page.height) > 150 else 1600
        paper_px = long_side * 0.8
        img = render.rasterize(page, paper_px / max(page.width, page.height) * 25.4)
        img, done = degrade.photo(img, rng, nrng, long_side)
        rotation = rng.choices((0, 90, 180, 270), (80, 8, 4, 8))[0]
    else:
        img = _on_a4(render.rasterize(page, dpi), page, dpi)
        img, done = degrade.scan(img, rng, nrng)
        done.append(f"dpi:{dpi}")
        rotation = rng.choices((0, 90, 180, 270), (78, 6, 10, 6))[0]
    if poor_kind:
        img, extra = degrade.poor(img, poor_kind, rng)
        done += extra
    return degrade.rotate(img, rotation), rotation, done


def _on_a4(img: Image.Image, page: Page, dpi: int) -> Image.Image:
    """A form or card smaller than A4 lies on the scanner glass: the scan is A4 anyway."""
    if page.width >= A4[0] - 1 and page.height >= A4[1] - 1:
        return img
    s = dpi / 25.4
    sheet = Image.new("RGB", (round(A4[0] * s), round(A4[1] * s)), (255, 255, 255))
    sheet.paste(img, (round(6 * s), round(8 * s)))
    return sheet


def _save(plan: FilePlan, images: list[Image.Image], path: Path, rng: random.Random, dpi: int) -> None:
    fmt = plan.format
    if fmt == "pdf":
        fixed = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))  # no wall clock: same seed, same bytes
        images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi or 200, quality=70,
                       creationDate=fixed, modDate=fixed)
    elif fmt == "tiff":  # fax-like bilevel G4, or grey with JPEG compression
        bilevel = rng.random() < 0.6
        frames = [im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") if bilevel else im.convert("L")
                  for im in images]
        frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], dpi=(dpi or 200, dpi or 200),
                       **({"compression": "group4"} if bilevel else {"compression": "jpeg", "quality": 75}))
    else:
        path.write_bytes(encode_image(images[0], fmt, rng))


def encode_image(img: Image.Image, fmt: str, rng: random.Random) -> bytes:
    """Encode a single image, lowering quality (or size) until it is under ~1.5 MB."""
    quality = rng.randrange(72, 90)
    while True:
        buf = io.BytesIO()
        if fmt == "png":  # photos as PNG: a palette keeps them small (and looks like it)
            if max(img.size) > 1600:
                img = img.resize((img.width * 1600 // max(img.size), img.height * 1600 // max(img.size)))
            out = img if img.mode == "L" else img.quantize(256, method=Image.Quantize.FASTOCTREE)
            out.save(buf, "PNG", compress_level=3)
        elif fmt == "heic":
            img.save(buf, format="HEIF", quality=quality - 15, enc_params={"preset": "ultrafast"})
        else:
            img.convert("RGB" if fmt != "tiff" else "L").save(
                buf, {"jpeg": "JPEG", "webp": "WEBP", "tiff": "TIFF"}[fmt], quality=quality,
                **({"compression": "jpeg"} if fmt == "tiff" else {"method": 3} if fmt == "webp" else {}))
        if buf.tell() <= MAX_IMAGE_BYTES or min(img.size) < 400:
            return buf.getvalue()
        quality -= 8
        if quality < 55:
            img = img.resize((img.width * 3 // 4, img.height * 3 // 4), Image.LANCZOS)
            quality = 80


def name_files(rng: random.Random, plans: list[FilePlan], misleading_share: float = 0.2) -> None:
    """Give files the kind of names uploads carry; some photos get a misleading extension."""
    used: set[str] = set()
    for n, plan in enumerate(plans, 1):
        ext = EXT[plan.format]
        if plan.kind == "photo" and plan.format in MISLEADING and rng.random() < misleading_share:
            ext = MISLEADING[plan.format]
        stem = _stem(rng, plan, n)
        while f"{stem}.{ext}" in used:
            stem += "_1"
        plan.name = f"{stem}.{ext}"
        used.add(plan.name)


def _stem(rng: random.Random, plan: FilePlan, n: int) -> str:
    if plan.kind == "digital_pdf":
        return rng.choice(("住院材料", "电子票据", "hospital_documents", f"einvoice_{n}"))
    if plan.kind in ("scan_pdf", "tiff", "scan_image"):
        return rng.choice((f"scan_{n:04d}", f"batch_{rng.randrange(100, 999)}_{n:02d}", f"扫描件{n}"))
    if plan.kind == "screenshot":
        return f"Screenshot_2024{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}_{rng.randrange(10**6):06d}"
    return rng.choice((f"IMG_2024{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}_{rng.randrange(10**6):06d}",
                       f"微信图片_2024{rng.randrange(10**10):010d}", f"mmexport{rng.randrange(10**12):013d}"))
