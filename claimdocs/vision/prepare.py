"""The vision stage: RawPage -> PreparedPage. Reads like its table of contents.

Order for scanned pages and photos: paper (perspective) -> orientation -> deskew ->
perspective left over (keystone) ->
quality -> seal -> cleanup. QR codes are read later, and only on invoice pages
(pipeline.read_page), since only electronic invoices carry one: it saves 20 ms a page. Perspective comes before orientation (unlike the order
in the issue) because it is orientation-agnostic and gives the orientation measures a
page without background; deskew needs upright text lines, so it comes after.
Pages with a text layer only get the cheap part: the seal, on the rendered image.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from claimdocs.ingest.images import A4_LONG_SIDE_INCHES
from claimdocs.model import PageVision, PreparedPage, Quality, RawPage
from claimdocs.settings import Settings
from claimdocs.vision import cleanup, geometry, quality, seal
from claimdocs.vision.cards import find_cards
from claimdocs.vision.imageops import has_colour, is_bilevel, rotate_quarter, to_grey
from claimdocs.vision.orientation import detect_rotation


def prepare(raw: RawPage, settings: Settings, cut_paper: bool = True) -> PreparedPage:
    """Make a page upright and clean for OCR and measure what vision can see on it.

    Args:
        raw: a page from ingest (BGR image; text layer for digital PDF pages).
        settings: supplies tesseract_cmd (OSD fallback) and debug_dir.
        cut_paper: cut the sheet out of a photo (False: the photo whole, for a page whose
            cut-out read as nothing, pipeline.read_uncut).

    Returns:
        The PreparedPage: grey upright image for OCR, dpi, PageVision, text layer.

    Raises:
        ValueError: the RawPage has no image.
        OcrError / OcrTimeoutError: only if the Tesseract OSD fallback fails.
    """
    if raw.image is None:
        raise ValueError(f"{raw.ref.file} page {raw.ref.page} has no image to prepare")
    if raw.text_layer is not None:
        return _prepare_digital(raw)
    # The page's grey goes along with it from stage to stage: converting it again for
    # each of them (and checking its colour twice) took ~4 ms a page.
    grey = to_grey(raw.image)
    bilevel = is_bilevel(grey)
    if cut_paper:
        image, grey, dpi, whole_sheet = _flatten_photo(raw.image, grey, raw.dpi, raw, settings)
    else:
        image, dpi, whole_sheet = raw.image, raw.dpi, False
    cut = image is not raw.image
    rotation = detect_rotation(grey, settings.tesseract_cmd, settings.orientation_osd).rotation
    # to_grey is per pixel: the turned grey is the grey of the turned page.
    image, grey = rotate_quarter(image, rotation), rotate_quarter(grey, rotation)
    skew = geometry.estimate_skew(grey)
    image, grey = _deskewed(image, grey, skew)
    image, grey = _keystone_levelled(image, grey)
    _debug(settings, raw, "upright", image)
    colour = has_colour(image)
    found, boxes = seal.find_seals(image, dpi, colour=colour, grey=grey)
    page_quality = quality.assess(grey, dpi)
    if whole_sheet:
        page_quality = quality.not_cut_off(page_quality)
    vision = PageVision(rotation=rotation, skew_degrees=round(skew, 2), quality=page_quality, seal=found,
                        seal_boxes=boxes, card_boxes=find_cards(grey))
    cleaned = cleanup.clean_for_ocr(image, dpi, colour=colour, seal_boxes=boxes, grey=grey, bilevel=bilevel)
    _debug(settings, raw, "cleaned", cleaned)
    return PreparedPage(ref=raw.ref, image=cleaned, dpi=dpi, vision=vision, upright=image, paper_cut=cut)


def _prepare_digital(raw: RawPage) -> PreparedPage:
    """A digital PDF page: already upright and sharp; only look for seals and QR codes."""
    found, boxes = seal.find_seals(raw.image, raw.dpi)
    if found is None:
        found = False  # a digital page rendered without colour has no red seal: no doubt here
    grey = to_grey(raw.image)
    vision = PageVision(rotation=0, skew_degrees=0.0, quality=Quality(ok=True), seal=found,
                        seal_boxes=boxes)
    return PreparedPage(ref=raw.ref, image=grey, dpi=raw.dpi, vision=vision, text_layer=raw.text_layer,
                        upright=raw.image)


def _flatten_photo(image: np.ndarray, grey: np.ndarray, dpi: float, raw: RawPage,
                   settings: Settings) -> tuple[np.ndarray, np.ndarray, float, bool]:
    """Cut the paper out of a photo (``grey``: its grey) and undo its perspective; scans
    pass through.

    Returns the page, its grey, its dpi and a flag. The cut-out's dpi is re-estimated from
    its own size (A4 assumption), since the photo's estimate counted the background as
    paper. The flag says whether the whole sheet lies inside the photo, clear of its
    edges: such a page is not cut off, whatever ink (the table's grain, a misfit corner)
    touches the cut-out's edges.
    """
    corners = geometry.find_paper(grey)
    if corners is None:
        return image, grey, dpi, False
    flat = geometry.flatten_paper(image, corners)
    _debug(settings, raw, "paper", flat)
    return (flat, to_grey(flat), max(flat.shape[:2]) / A4_LONG_SIDE_INCHES,
            geometry.clear_of_edges(corners, image.shape))


def _deskewed(image: np.ndarray, grey: np.ndarray, skew: float) -> tuple[np.ndarray, np.ndarray]:
    """The page and its grey turned level; the grey is converted again from the turned page
    (turning interpolates, so turning the grey would not give the same pixels)."""
    level = geometry.deskew(image, skew)
    return (image, grey) if level is image else (level, to_grey(level))


def _keystone_levelled(image: np.ndarray, grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page with a photo's leftover perspective levelled (geometry.level_keystone)."""
    level = geometry.level_keystone(image, grey)
    return (image, grey) if level is None else (level, to_grey(level))


def _debug(settings: Settings, raw: RawPage, stage: str, image: np.ndarray) -> None:
    """In debug mode, keep an intermediate image as <file>_p0003_<stage>.png."""
    if settings.debug_dir is None:
        return
    folder = Path(settings.debug_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(raw.ref.file).name.replace(".", "_")
    cv2.imwrite(str(folder / f"{stem}_p{raw.ref.page:04d}_{stage}.png"), image)
