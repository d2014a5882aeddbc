"""Tests of claimdocs.vision on rendered Chinese pages, degraded the way uploads are."""

from __future__ import annotations

import math
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from claimdocs.model import PageRef, PageText, RawPage, TextSource
from claimdocs.settings import Settings
from claimdocs.vision import (assess, clean_for_ocr, detect_rotation, estimate_skew, find_paper,
                              find_seals, prepare, read_qr_codes)
from claimdocs.vision.cleanup import erase_cell_bars
from claimdocs.vision.geometry import clear_of_edges, skew_of_mask
from claimdocs.vision.imageops import (close_rect, dilate_rect, erode_rect, ink_mask, open_rect, remove_rules,
                                       rotate_box, rotate_quarter)
from claimdocs.vision.qr import code_regions
from claimdocs.vision.quality import grey_percentile, tile_variances
from tests.pages import render_page as render_table

RESOURCES = Path(__file__).parent / "resources"

RED_FORM_INK = (200, 40, 40)  # RGB of a pre-printed invoice form
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


# --- degrading a page as people do --------------------------------------------------


def stamp_seal(page: np.ndarray, dpi: int, centre: tuple[int, int], diameter_cm: float = 4.2,
               oval: bool = False, colour: tuple[int, int, int] = (40, 30, 220)) -> np.ndarray:
    """Stamp a red hospital seal (ring, star, arc of text) that lets black print show
    through; ``colour`` is BGR."""
    seal = np.full_like(page, 255)
    rx = int(diameter_cm / 2.54 * dpi / 2)
    ry = int(rx * 0.75) if oval else rx
    cv2.ellipse(seal, centre, (rx, ry), 0, 0, 360, colour, max(2, dpi // 40))
    cv2.drawMarker(seal, centre, colour, cv2.MARKER_STAR, rx // 2, max(2, dpi // 50))
    pil = Image.fromarray(seal[:, :, ::-1])
    draw, font = ImageDraw.Draw(pil), ImageFont.truetype(str(CJK_FONT), int(rx * 0.28))
    for i, char in enumerate("市第一人民医院财务专用章"):
        angle = math.pi * (1.15 + 0.7 * i / 11)
        draw.text((centre[0] + 0.72 * rx * math.cos(angle) - rx * 0.12,
                   centre[1] + 0.72 * ry * math.sin(angle) - rx * 0.14), char, fill=colour[::-1], font=font)
    return np.minimum(page, np.asarray(pil)[:, :, ::-1])  # ink multiplies, as a stamp does


def photograph(page: np.ndarray, rotate_cw: int = 0, shadow: bool = True) -> np.ndarray:
    """Simulate a phone photo: paper on a dark table, perspective, a shadow, JPEG noise."""
    page = rotate_quarter(page, rotate_cw)
    h, w = page.shape[:2]
    canvas_w, canvas_h = int(w * 1.35), int(h * 1.3)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    target = np.float32([[0.14 * canvas_w, 0.10 * canvas_h], [0.86 * canvas_w, 0.13 * canvas_h],
                         [0.90 * canvas_w, 0.90 * canvas_h], [0.08 * canvas_w, 0.87 * canvas_h]])
    matrix = cv2.getPerspectiveTransform(corners, target)
    table = np.full((canvas_h, canvas_w, 3), (40, 60, 90), np.uint8)  # brown desk
    photo = cv2.warpPerspective(page, matrix, (canvas_w, canvas_h), dst=table,
                                borderMode=cv2.BORDER_TRANSPARENT)
    if shadow:  # light falls off towards one corner, as under a hand or phone
        ramp = np.linspace(1.0, 0.45, canvas_w)[None, :] * np.linspace(1.0, 0.8, canvas_h)[:, None]
        photo = (photo * ramp[:, :, None]).astype(np.uint8)
    noisy = np.clip(photo + np.random.default_rng(0).normal(0, 4, photo.shape), 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 85])[1], cv2.IMREAD_COLOR)


def raw_page(image: np.ndarray, dpi: float, text: PageText | None = None) -> RawPage:
    return RawPage(ref=PageRef(file="upload.jpg", page=3), image=image, dpi=dpi, text_layer=text)


def grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


# --- orientation --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["prose", "table", "form"])
@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_of_rendered_pages(kind: str, turned: int, page_renderer) -> None:
    """GIVEN a page turned clockwise by `turned` WHEN detected THEN the correcting rotation
    is found by the page's own layout (no OSD), fast."""
    page, _ = page_renderer(kind, dpi=150, seed=turned)
    started = time.perf_counter()
    found = detect_rotation(rotate_quarter(grey(page), turned), use_osd=False)
    assert found.rotation == (360 - turned) % 360 and found.method == "layout"
    assert time.perf_counter() - started < 0.5


def test_blank_page_has_no_orientation_evidence() -> None:
    found = detect_rotation(np.full((1754, 1240), 250, np.uint8), use_osd=False)
    assert (found.rotation, found.method) == (0, "default")


# --- geometry -----------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [-6.0, -1.5, 2.0, 8.0])
def test_skew_is_measured(angle: float, page_renderer) -> None:
    page = grey(page_renderer("form", dpi=150)[0])
    h, w = page.shape
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1), (w, h), borderValue=255)
    assert estimate_skew(turned) == pytest.approx(angle, abs=0.3)


def test_skew_of_a_blank_mask_is_none() -> None:
    assert skew_of_mask(np.zeros((300, 200), np.uint8)) == 0.0


def test_skew_at_the_edge_of_the_search_is_not_trusted() -> None:
    """Streaks at 14° (a desk's grain around an uncut photo) peak at the search's edge,
    10°: that is no measurement, and the page is not turned by it."""
    mask = np.zeros((400, 400), np.uint8)
    for offset in range(-300, 400, 12):
        cv2.line(mask, (0, offset), (400, offset + int(400 * np.tan(np.deg2rad(14)))), 255, 2)
    assert skew_of_mask(mask) == 0.0


def test_skew_search_agrees_with_turning_the_image(page_renderer) -> None:
    """GIVEN a skewed page WHEN the ink's coordinates are projected at each trial angle
    THEN the best angle is the one that turning the mask itself (the old way) finds."""
    page = grey(page_renderer("table", dpi=150)[0])
    h, w = page.shape
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((w / 2, h / 2), 3.7, 1), (w, h), borderValue=255)
    mask = remove_rules(ink_mask(turned))

    def peakedness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
        rows = cv2.warpAffine(mask, matrix, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    by_turning = max(np.arange(2.0, 5.01, 0.1), key=peakedness)
    assert skew_of_mask(mask) == pytest.approx(by_turning, abs=0.11)


def test_perspective_left_over_is_levelled_and_a_level_page_left_alone(page_renderer) -> None:
    """GIVEN a rendered table page whose lines slope +3° at the top and -3° at the bottom
    (a photo's perspective that flattening missed) WHEN levelled THEN its top, middle and
    bottom lines all run level; a page whose lines are parallel is left as it is."""
    from claimdocs.vision.geometry import KEYSTONE_BANDS, level_keystone

    page = grey(page_renderer("prose", dpi=150)[0])
    h, w = page.shape
    rows = [h * (a + b) / 2 for a, b in (KEYSTONE_BANDS[0], KEYSTONE_BANDS[2])]
    level, sloped = [], []
    for row, angle in zip(rows, (3.0, -3.0)):
        rise = math.sin(math.radians(angle)) * w / 2
        level += [(0, row), (w, row)]
        sloped += [(0, row + rise), (w, row - rise)]
    matrix = cv2.getPerspectiveTransform(np.float32(level), np.float32(sloped))
    keystoned = cv2.warpPerspective(page, matrix, (w, h), borderValue=255)
    band = lambda image, a, b: estimate_skew(image[int(h * a):int(h * b)])
    assert band(keystoned, *KEYSTONE_BANDS[0]) - band(keystoned, *KEYSTONE_BANDS[2]) > 3.5
    levelled = level_keystone(keystoned, keystoned)
    assert levelled is not None
    assert all(abs(band(levelled, a, b)) <= 0.6 for a, b in KEYSTONE_BANDS)
    assert level_keystone(page, page) is None


def test_paper_is_found_in_photo_but_not_in_scan(page_renderer) -> None:
    page = page_renderer("prose", dpi=100)[0]
    corners = find_paper(photograph(page))
    assert corners is not None
    h, w = page.shape[:2]
    expected_tl = (0.14 * w * 1.35, 0.10 * h * 1.3)
    assert np.linalg.norm(corners[0] - expected_tl) < 0.02 * w * 1.35
    assert find_paper(page) is None  # a clean scan is left alone


# --- quality ------------------------------------------------------------------------------


def test_sharp_150_dpi_scan_is_ok(page_renderer) -> None:
    verdict = assess(grey(page_renderer("table", dpi=150)[0]), 150)
    assert verdict.ok and verdict.problems == ()
    assert {"sharpness", "char_height_px", "paper_brightness", "contrast"} <= set(verdict.measures)


def test_percentiles_from_the_histogram_are_numpys() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        image = rng.integers(0, 256, tuple(rng.integers(1, 80, 2)), dtype=np.uint8)
        mask = (rng.random(image.shape) > 0.6).astype(np.uint8) * 255
        percent = float(rng.uniform(0, 100))
        assert grey_percentile(image, percent) == pytest.approx(np.percentile(image, percent), abs=1e-9)
        if mask.any():
            expected = np.percentile(image[mask > 0], percent)
            assert grey_percentile(image, percent, mask) == pytest.approx(expected, abs=1e-9)


def test_tile_variances_are_each_tiles_variance() -> None:
    image = np.random.default_rng(3).integers(0, 256, (130, 100), dtype=np.uint8)
    variances = tile_variances(image)
    assert variances.shape == (2, 2)  # partial tiles at the bottom and right are left out
    assert variances[1, 0] == pytest.approx(image[48:96, 0:48].var())


@pytest.mark.parametrize("height", [47, 48, 200, 500])
def test_tile_variances_in_bands_are_numpys_to_the_bit(height: int) -> None:
    """GIVEN a grey image and a Laplacian-like float image
    WHEN their tile variances are computed a band of tile rows at a time
    THEN they equal numpy's variance over all tiles at once exactly."""
    rng = np.random.default_rng(height)
    for image in (rng.integers(0, 256, (height, 300), dtype=np.uint8),
                  rng.integers(-4080, 4081, (height, 300)).astype(np.float32)):
        rows, columns = height // 48, 300 // 48
        whole = image[:rows * 48, :columns * 48].astype(np.float64).reshape(rows, 48, columns, 48).var(axis=(1, 3))
        assert tile_variances(image).shape == whole.shape
        assert np.array_equal(tile_variances(image), whole)


def test_quality_problems_are_named(page_renderer) -> None:
    page = grey(page_renderer("prose", dpi=150)[0])
    blurred = cv2.GaussianBlur(page, (0, 0), 3.0)
    dark = (page * 0.3).astype(np.uint8)
    small = cv2.resize(page, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)
    cut = page[400:, 300:]  # the left part of the lines is missing
    assert "blurred" in assess(blurred, 150).problems
    assert "too_dark" in assess(dark, 150).problems
    assert "too_small" in assess(small, 150 * 0.45).problems
    assert "cut_off" in assess(cut, 150).problems
    assert assess(page, 150).ok


# --- seals --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["form", "table"])
def test_red_form_without_seal_has_no_seal(kind: str, page_renderer) -> None:
    page, _ = page_renderer(kind, dpi=150, ink=RED_FORM_INK, title="医疗住院收费票据")
    assert find_seals(page, 150) == (False, ())


@pytest.mark.parametrize("oval", [False, True])
def test_seal_on_red_form_is_found(oval: bool, page_renderer) -> None:
    page, _ = page_renderer("form", dpi=150, ink=RED_FORM_INK, title="医疗住院收费票据")
    centre = (870, 600)
    found, boxes = find_seals(stamp_seal(page, 150, centre, oval=oval), 150)
    assert found and len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 < centre[0] < x1 and y0 < centre[1] < y1 and 200 < x1 - x0 < 300


def test_seal_too_small(page_renderer) -> None:
    red_form, _ = page_renderer("form", dpi=150, ink=RED_FORM_INK)
    tiny = stamp_seal(red_form, 150, (600, 600), diameter_cm=0.8)  # a red mark, not a seal
    assert find_seals(tiny, 150)[0] is False


# A stamp's worn, pinkish red: grey scanners turn it into a grey paler than black print.
WORN_SEAL_RED = (120, 110, 235)


@pytest.mark.parametrize("kind", ["prose", "table", "form"])
def test_a_seal_scanned_grey_is_found_by_its_pale_ring(kind: str, page_renderer) -> None:
    # GIVEN a page stamped at its foot, where hospitals stamp, scanned grey (a seal over
    # the densest print is missed: black print breaks its pale ring too often)
    page, _ = page_renderer(kind, dpi=150)
    centre = (900, 1450)
    grey_scan = grey(stamp_seal(page, 150, centre, colour=WORN_SEAL_RED))
    found, boxes = find_seals(grey_scan, 150)
    assert found is True and len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 < centre[0] < x1 and y0 < centre[1] < y1 and 200 < x1 - x0 < 300


@pytest.mark.parametrize("kind", ["prose", "table", "form"])
def test_a_grey_page_without_a_seal_cannot_show_one_is_missing(kind: str, page_renderer) -> None:
    page, _ = page_renderer(kind, dpi=150)
    assert find_seals(grey(page), 150) == (None, ())  # no colour: the absence cannot be seen


# --- QR codes -----------------------------------------------------------------------------


def test_qr_code_is_decoded(page_renderer) -> None:
    payload = "01,10,1100224260,00012345,12345.67,20240822,a1b2c3"
    code = cv2.QRCodeEncoder.create().encode(payload)
    code = cv2.resize(code, None, fx=6, fy=6, interpolation=cv2.INTER_NEAREST)
    page = grey(page_renderer("form", dpi=150)[0])
    page[1400:1400 + code.shape[0], 900:900 + code.shape[1]] = code
    found = read_qr_codes(page)
    assert [q.data for q in found] == [payload]
    x0, y0, _, _ = found[0].box
    assert abs(x0 - 900) < 40 and abs(y0 - 1400) < 40


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_digital_receipts_qr_code_is_drawn_again_finer_and_decoded(rotation: int, tmp_path: Path) -> None:
    """GIVEN the generator's electronic receipt (医疗收费电子票据) as a digital PDF, its QR
    code drawn in vectors, once stored with /Rotate 90 WHEN read THEN the code is decoded
    and gives the invoice its number, total and date. The page is drawn at 100 dpi for
    vision, where the code's modules are 2.6 px wide: decoded there, it never was."""
    import random

    import pypdfium2

    from claimdocs import ingest
    from claimdocs.pipeline import PacketFile, directory_of, extract_documents, make_engine, read_page
    from samples import render, scenario
    from samples.documents import invoice

    rng = random.Random(5)
    scn = scenario.build(rng, "t-qr", 5, 0)
    page = invoice._electronic(rng, scn)
    path = tmp_path / "电子票据.pdf"
    render.write_pdf([page], path)
    if rotation:
        document = pypdfium2.PdfDocument(str(path))
        document[0].set_rotation(rotation)
        turned = tmp_path / "turned.pdf"
        document.save(str(turned))
        document.close()
        path = turned
    settings = Settings()
    read = read_page(PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings, make_engine(settings))
    assert read.type.value == "invoice"
    assert len(read.vision.qr_codes) == 1
    assert scn.invoice_number in read.vision.qr_codes[0].data and str(scn.invoice_total) in read.vision.qr_codes[0].data
    fields = extract_documents([read], directory_of(settings))[0].fields
    assert fields["invoice_number"] == scn.invoice_number
    assert fields["total_amount"] == scn.invoice_total
    # The box is the code's, in pixels of the page as drawn for vision (100 dpi): the
    # generator draws it 24 mm square (its quiet zone included) at (10 mm, 8 mm).
    box = read.vision.qr_codes[0].box
    mm = 100 / 25.4
    drawn = (10 * mm, 8 * mm, 34 * mm, 32 * mm)
    if rotation:  # turned a quarter clockwise: the page's left edge is now its top
        drawn = (140 * mm - 32 * mm, 10 * mm, 140 * mm - 8 * mm, 34 * mm)
    assert all(abs(got - want) < 0.15 * 24 * mm for got, want in zip(box, drawn))


def test_a_digital_receipt_whose_code_cannot_be_drawn_again_is_read_without_it(tmp_path: Path,
                                                                                monkeypatch) -> None:
    """GIVEN an electronic receipt's PDF whose code region PDFium fails to draw again WHEN
    read THEN the page is read from its text layer all the same, without a code."""
    import random

    from claimdocs import errors, ingest, pipeline
    from samples import render, scenario
    from samples.documents import invoice

    rng = random.Random(5)
    scn = scenario.build(rng, "t-qr", 5, 0)
    path = tmp_path / "电子票据.pdf"
    render.write_pdf([invoice._electronic(rng, scn)], path)

    def fails(*args, **kwargs):
        raise errors.CorruptFileError("the page cannot be drawn (test)", file=path.name)

    monkeypatch.setattr(pipeline.ingest, "render_region", fails)
    settings = Settings()
    read = pipeline.read_page(pipeline.PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings,
                              pipeline.make_engine(settings))
    assert read.type.value == "invoice" and read.vision.quality.ok and read.vision.qr_codes == ()
    assert read.text.source.value == "text_layer"


@pytest.mark.parametrize("kind", ["prose", "table", "form"])
def test_pages_without_a_code_show_no_code_region(kind: str, page_renderer) -> None:
    page, _ = page_renderer(kind, dpi=100)
    assert code_regions(grey(page), 100) == ()


# --- cleanup and the whole stage -------------------------------------------------------------


def test_cleanup_removes_seal_and_shadow_keeps_red_print_and_grey(page_renderer) -> None:
    """GIVEN a red pre-printed form with a seal, in shadow WHEN cleaned for OCR THEN the
    seal is gone, the form's red print stays dark (its labels are what we read), the
    shadowed paper is white again, and grey levels are kept."""
    page, _ = page_renderer("form", dpi=150, ink=RED_FORM_INK)
    sealed = stamp_seal(page, 150, (870, 600))
    h, w = sealed.shape[:2]
    shaded = (sealed * np.linspace(1.0, 0.5, w)[None, :, None]).astype(np.uint8)
    found, boxes = find_seals(shaded, 150)
    assert found
    cleaned = clean_for_ocr(shaded, 150, colour=True, seal_boxes=boxes)
    assert cleaned.ndim == 2
    seal_ring = cleaned[600 - 5:600 + 5, 870 + 118:870 + 126]  # on the ring, right of centre
    assert seal_ring.min() > 200  # red seal gone
    red_print = page[:, :, 2].astype(int) - page[:, :, 1].astype(int) > 80  # the form's red ink
    outside = np.ones(red_print.shape, bool)
    for x0, y0, x1, y1 in boxes:
        outside[y0:y1, x0:x1] = False
    # Red labels stay readable (the form's long red rules are erased, its text is not).
    assert np.mean(cleaned[red_print & outside] < 160) > 0.1  # with red suppressed everywhere: 0
    assert np.percentile(cleaned[:, -200:], 50) > 230  # shadowed paper is white again
    assert len(np.unique(cleaned)) > 20  # grey levels kept: not binarised


def test_prepare_phone_photo(tmp_path: Path, page_renderer) -> None:
    """GIVEN a photo of a sealed red invoice, turned 90°, on a desk, in shadow WHEN prepared
    THEN it is cut out, turned upright, the seal found, and intermediates kept."""
    page, _ = page_renderer("form", dpi=150, ink=RED_FORM_INK, title="医疗住院收费票据")
    photo = photograph(stamp_seal(page, 150, (870, 600)), rotate_cw=90)
    settings = Settings(debug_dir=tmp_path)
    prepared = prepare(raw_page(photo, max(photo.shape[:2]) / 11.69), settings)
    assert prepared.vision.rotation == 270
    assert prepared.vision.seal is True and prepared.vision.quality.ok
    assert prepared.image.ndim == 2 and prepared.image.shape[0] > prepared.image.shape[1]
    assert (tmp_path / "upload_jpg_p0003_upright.png").exists()
    assert (tmp_path / "upload_jpg_p0003_cleaned.png").exists()


def test_prepare_leaves_clean_scan_alone(page_renderer) -> None:
    page = page_renderer("table", dpi=150)[0]
    prepared = prepare(raw_page(page, 150), Settings())
    assert prepared.vision.rotation == 0 and prepared.vision.skew_degrees == pytest.approx(0, abs=0.3)
    assert prepared.image.shape == page.shape[:2] and prepared.vision.quality.ok


def test_prepare_text_layer_page_only_looks_for_seal(page_renderer) -> None:
    page, _ = page_renderer("form", dpi=100, ink=RED_FORM_INK)
    text = PageText(source=TextSource.TEXT_LAYER, lines=(), width=page.shape[1], height=page.shape[0])
    prepared = prepare(raw_page(stamp_seal(page, 100, (580, 400)), 100, text), Settings())
    assert prepared.text_layer is text and prepared.vision.seal is True
    assert prepared.vision.rotation == 0 and prepared.image.shape == page.shape[:2]


def test_white_on_dark_title_band_is_inverted_for_ocr() -> None:
    """GIVEN a card whose title is white on a dark band WHEN cleaned THEN the band is
    dark-on-white and Tesseract reads the title; a dark photo silhouette is left alone."""
    from PIL import Image, ImageDraw, ImageFont

    from claimdocs.ocr import TesseractEngine
    from claimdocs.vision.cleanup import invert_dark_bands

    image = Image.new("L", (1240, 800), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1100, 200), fill=20)
    draw.text((140, 115), "社会保障卡", font=ImageFont.truetype(CJK_FONT, 60), fill=255)
    draw.ellipse((900, 300, 1040, 460), fill=30)  # the holder's photo: not a band
    grey = np.array(image)
    inverted = invert_dark_bands(grey)
    assert inverted[150, 600] > 200 and inverted[380, 970] < 60
    assert "社会保障卡" in TesseractEngine().read(inverted, 150).text.replace(" ", "")


def test_ocr_confidence_confirms_or_overrules_image_problems() -> None:
    from claimdocs.model import Quality
    from claimdocs.vision.quality import confirm_with_ocr

    blurred = Quality(False, ("blurred",), {"sharpness": 0.3})
    assert confirm_with_ocr(blurred, 0.85) == Quality(True, (), {"sharpness": 0.3, "warned_blurred": 1.0})
    assert confirm_with_ocr(blurred, 0.40) is blurred  # OCR could not read it either
    assert confirm_with_ocr(blurred, None) is blurred  # text layer: nothing to confirm with


def test_a_sheet_photographed_whole_is_not_cut_off() -> None:
    """GIVEN the measures named cut_off (the table's grain at the cut-out's edge) WHEN the
    whole sheet lay inside the photo THEN the page is not cut off, and the warning stays."""
    from claimdocs.model import Quality
    from claimdocs.vision.geometry import clear_of_edges
    from claimdocs.vision.quality import not_cut_off

    inside = np.float32([[100, 80], [900, 90], [910, 1300], [90, 1290]])
    touching = np.float32([[0, 80], [900, 90], [910, 1300], [90, 1290]])
    assert clear_of_edges(inside, (1400, 1000, 3)) and not clear_of_edges(touching, (1400, 1000, 3))
    verdict = not_cut_off(Quality(False, ("blurred", "cut_off"), {"edge_touching_chars": 30.0}))
    assert verdict.problems == ("blurred",) and verdict.measures["warned_cut_off"] == 1.0
    assert not_cut_off(Quality(False, ("cut_off",), {})).ok


def test_a_blank_page_is_not_too_dark() -> None:
    from claimdocs.vision.quality import assess

    blank = np.full((1754, 1240), 248, np.uint8)
    assert "too_dark" not in assess(blank, 150).problems
    assert "too_dark" in assess(np.full((1754, 1240), 60, np.uint8), 150).problems


def test_paper_whose_outline_does_not_simplify_to_four_corners_is_still_found() -> None:
    """GIVEN a sheet whose bright outline has a deep notch (a shadow across its edge)
    WHEN its corners are looked for THEN the four extreme corners of the outline are
    taken; an L-shaped blob, no sheet, gives none."""
    from claimdocs.vision.geometry import _four_corners

    notched = np.array([[100, 100], [400, 100], [450, 400], [500, 100], [800, 100], [800, 1200],
                        [100, 1200]], np.int32).reshape(-1, 1, 2)
    corners = _four_corners(notched)
    assert corners is not None
    assert sorted(map(tuple, corners.astype(int).tolist())) == [(100, 100), (100, 1200), (800, 100), (800, 1200)]
    l_shape = np.array([[100, 100], [300, 100], [300, 900], [900, 900], [900, 1100], [100, 1100]],
                       np.int32).reshape(-1, 1, 2)
    assert _four_corners(l_shape) is None


def test_a_sheet_half_in_shadow_on_a_streaky_desk_is_found_whole() -> None:
    """GIVEN a generated phone photo of an A4 list whose shaded half is darker than the
    desk's light streaks (brightness alone found a strip 2.5 times wider than high)
    WHEN the paper is looked for THEN the whole sheet is found: A4 proportions, most of
    the frame."""
    photo = cv2.cvtColor(np.asarray(Image.open(RESOURCES / "photos" / "list_half_in_shadow.webp").convert("RGB")),
                         cv2.COLOR_RGB2BGR)
    corners = find_paper(photo)
    assert corners is not None
    tl, tr, br, bl = corners
    sides = sorted([np.linalg.norm(tr - tl), np.linalg.norm(br - bl), np.linalg.norm(bl - tl), np.linalg.norm(br - tr)])
    assert 1.2 < (sides[2] + sides[3]) / (sides[0] + sides[1]) < 1.6  # A4 is 1.41, seen in perspective
    assert cv2.contourArea(corners.reshape(-1, 1, 2)) > 0.45 * photo.shape[0] * photo.shape[1]


def _photo(name: str) -> np.ndarray:
    return cv2.cvtColor(np.asarray(Image.open(RESOURCES / "photos" / name).convert("RGB")), cv2.COLOR_RGB2BGR)


def _covers(corners: np.ndarray, photo: np.ndarray) -> float:
    return cv2.contourArea(corners.reshape(-1, 1, 2)) / (photo.shape[0] * photo.shape[1])


def test_a_sheet_split_by_a_shadow_band_is_found_whole_and_a_card_title_band_is_no_shadow() -> None:
    """GIVEN a generated photo of a letter whose right third lies under a straight-edged
    shadow (each side alone a good quadrilateral; the bright one was taken, cutting the
    sheet short and its text with it) WHEN the paper is looked for THEN both sides are
    joined; a card's dark printed title band beside its body is not taken for a shadow."""
    photo = _photo("proof_split_by_a_shadow.webp")
    corners = find_paper(photo)
    assert corners is not None and _covers(corners, photo) > 0.6
    tl, tr, br, bl = corners
    assert tr[0] > 0.85 * photo.shape[1] and br[0] > 0.85 * photo.shape[1]  # the shaded side is in
    card = _photo("card_with_a_dark_title_band.webp")
    corners = find_paper(card)
    assert corners is not None and corners[0][1] > 0.2 * card.shape[0]  # the card's body, below its band


def test_a_sheet_split_by_a_diagonal_shadow_across_its_table_is_found_whole() -> None:
    """GIVEN a generated photo of a household register (s3063-021) that a shadow crosses
    diagonally through its table: the lit part is a good quadrilateral, the shaded part's
    smooth paper only a thin frame round the table's text WHEN the paper is looked for
    THEN the two are joined and the sheet found whole (the lit part alone had been
    flattened into a portrait page holding half the register)."""
    photo = _photo("register_split_by_a_diagonal_shadow.webp")
    corners = find_paper(photo)
    assert corners is not None and clear_of_edges(corners, photo.shape)
    tl, tr, br, bl = corners
    assert tr[0] > 0.8 * photo.shape[1] and br[0] > 0.8 * photo.shape[1]  # the shaded side is in
    assert _covers(corners, photo) > 0.5  # the lit part alone covers 0.26


def test_a_sheet_half_in_a_deep_shadow_is_found_whole() -> None:
    """GIVEN a generated photo of a card copy (s3039-023) whose sheet a shadow darkens on
    its right to 0.58 of its lit left (the card's copy straddling the two) WHEN the paper
    is looked for THEN the sheet is found whole, not its shaded side alone, which cut
    the card in two and left the page unread."""
    photo = _photo("card_copy_in_a_deep_shadow.webp")
    corners = find_paper(photo)
    assert corners is not None and clear_of_edges(corners, photo.shape)
    assert _covers(corners, photo) > 0.5  # the shaded side alone covers 0.27


def test_a_bright_region_run_into_a_desks_streaks_and_a_light_desk_are_not_the_sheet() -> None:
    """GIVEN generated photos (a card copy whose sheet's bright region runs into the desk's
    light streaks as a triangle; a list on a desk nearly as light as its shaded edge)
    WHEN the paper is looked for THEN the sheet is found inside the frame, not a shape
    reaching its corners."""
    for name in ("card_copy_on_a_streaky_desk.webp", "list_on_a_light_desk.webp"):
        photo = _photo(name)
        corners = find_paper(photo)
        assert corners is not None and clear_of_edges(corners, photo.shape), name
        assert 0.35 < _covers(corners, photo) < 0.8, name


def test_cell_bars_drawn_row_by_row_are_erased_and_the_text_between_them_kept():
    # GIVEN a table whose columns are parted by short bars, one per row (too short to be
    # rules), between cells holding a 1, a bracket and Chinese characters
    rows = [["1", "床位费(三人间)", "11", "25.00"] for _ in range(12)]
    page = render_table("医疗费用明细", rows, dpi=150, columns=[100, 250, 600, 750])
    size = 150 // 7
    bars = []
    for index in range(12):
        top = int(150 * 1.3 + index * size * 1.9) - 4
        for x in (int(page.shape[1] * f) for f in (0.22, 0.57, 0.72)):
            cv2.line(page, (x, top), (x, top + int(size * 1.8)), 0, 2)
            bars.append((x, top))
    width = page.shape[1]
    text_columns = [(0, int(width * 0.2)), (int(width * 0.25), int(width * 0.55))]
    text_ink = [int((page[:, a:b] < 128).sum()) for a, b in text_columns]
    # WHEN the bars are erased
    cleaned = erase_cell_bars(page)
    # THEN no bar is left, and the ink of the 1s, brackets and characters is untouched
    assert all(cleaned[y + 5:y + int(size * 1.6), x].min() > 200 for x, y in bars)
    assert [int((cleaned[:, a:b] < 128).sum()) for a, b in text_columns] == text_ink
    assert min(text_ink) > 300


def test_rectangle_morphology_gives_opencvs_pixels() -> None:
    """GIVEN masks and grey images of many sizes and kernels tall, wide, odd and even,
    longer than the image or a single pixel
    WHEN eroded, dilated, opened and closed by the window-doubling helpers
    THEN every pixel is what cv2.erode, cv2.dilate and cv2.morphologyEx give."""
    rng = np.random.default_rng(7)
    for _ in range(200):
        height, width, kernel_height, kernel_width = (int(v) for v in rng.integers(1, 45, 4))
        if rng.random() < 0.5:
            image = (rng.random((height, width)) < rng.random()).astype(np.uint8) * 255
        else:
            image = rng.integers(0, 256, (height, width), dtype=np.uint8)
        kernel = np.ones((kernel_height, kernel_width), np.uint8)
        pairs = ((erode_rect, cv2.erode(image, kernel)), (dilate_rect, cv2.dilate(image, kernel)),
                 (open_rect, cv2.morphologyEx(image, cv2.MORPH_OPEN, kernel)),
                 (close_rect, cv2.morphologyEx(image, cv2.MORPH_CLOSE, kernel)))
        for ours, opencvs in pairs:
            assert np.array_equal(ours(image, kernel_height, kernel_width), opencvs), (ours.__name__, kernel.shape)



def _read_one_bit_scan(build, seed: int, dpi: int, folder: Path):
    """A generated document (``build`` of samples.documents) scanned grey at ``dpi`` and
    saved by a mail room as a 1-bit G4 TIFF, then read: (its Doc, the file, the page
    read, the fields extracted)."""
    import random

    from claimdocs import ingest
    from claimdocs.pipeline import PacketFile, directory_of, extract_documents, make_engine, read_page
    from samples import degrade, render, scenario

    rng = random.Random(seed)
    doc = build(rng, scenario.build(rng, "t-1bit", seed, 0))
    grey, _ = degrade.scan(render.rasterize(doc.pages[0], dpi), random.Random(seed), np.random.default_rng(seed))
    path = folder / "scan_0001.tif"
    grey.point(lambda v: 255 if v > 150 else 0).convert("1").save(path, "TIFF", compression="group4", dpi=(dpi, dpi))
    settings = Settings()
    page = read_page(PacketFile(path, path.name, ingest.open_file(path, settings)), 1, settings, make_engine(settings))
    return doc, path, page, extract_documents([page], directory_of(settings))[0].fields


@pytest.mark.parametrize("seed", [7, 11])
def test_a_one_bit_scan_is_read_with_its_strokes_thickened_and_kept(seed: int, tmp_path: Path) -> None:
    """GIVEN a generated discharge certificate scanned grey at 150 dpi and saved by a mail
    room as a 1-bit G4 TIFF (every pixel black or white, thin strokes broken) WHEN read
    THEN the page is seen to be 1-bit, its strokes are thickened and its characters'
    upright strokes are not erased as table bars: the dates are read. (Cleaned as a grey
    page, neither certificate gave its admission date.)"""
    from claimdocs import ingest
    from claimdocs.vision.imageops import is_bilevel
    from samples.documents import discharge

    doc, path, page, fields = _read_one_bit_scan(discharge.build, seed, 150, tmp_path)
    settings = Settings()
    assert is_bilevel(ingest.load_page(path, ingest.open_file(path, settings), 1, settings).image)
    assert page.type.value == "discharge_certificate"
    assert str(fields.get("admission_date")) == doc.fields["admission_date"]


def test_a_one_bit_invoice_at_200_dpi_keeps_its_thin_strokes(tmp_path: Path) -> None:
    """GIVEN a generated invoice scanned grey at 200 dpi and saved as a 1-bit G4 TIFF WHEN
    read THEN it is an invoice, with its number: the median filter that cleans a grey
    page's noise is not run on a 1-bit page, where it took out one-pixel strokes (the
    title's 医 and 江 lost their left halves and the page read as no type)."""
    from samples.documents import invoice

    doc, _, page, fields = _read_one_bit_scan(invoice.build, 7, 200, tmp_path)
    assert page.type.value == "invoice"
    assert fields.get("invoice_number") == doc.fields["invoice_number"]


def test_bars_are_measured_against_whole_characters_on_a_one_bit_page() -> None:
    """GIVEN a 1-bit page whose characters broke into pieces half their height, and a
    title whose upright strokes are a character tall WHEN cell bars are erased THEN on a
    1-bit page the title's strokes stay (measured against the characters' height, not the
    pieces'), while as a grey page they would have gone."""
    page = np.full((400, 600), 255, np.uint8)
    for row in range(6):  # body characters of 20 px, each broken into two 9 px pieces
        for column in range(20):
            x, y = 20 + column * 26, 150 + row * 40
            cv2.rectangle(page, (x, y), (x + 16, y + 8), 0, 1)
            cv2.rectangle(page, (x, y + 11), (x + 16, y + 19), 0, 1)
    strokes = [(100 + i * 40, 40) for i in range(6)]  # a title's upright strokes, 26 px
    for x, y in strokes:
        cv2.line(page, (x, y), (x, y + 26), 0, 2)
        cv2.line(page, (x + 8, y + 4), (x + 20, y + 4), 0, 2)  # the rest of the character apart
    as_one_bit, as_grey = erase_cell_bars(page, bilevel=True), erase_cell_bars(page)
    assert all(as_one_bit[y + 13, x] == 0 for x, y in strokes)
    assert all(as_grey[y + 13, x] == 255 for x, y in strokes)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_a_box_turns_with_its_page(turn: int) -> None:
    """A box found on a page lies, once the page is turned, where its pixels went."""
    page = np.zeros((300, 500), np.uint8)
    box = (40, 60, 140, 100)
    page[box[1]:box[3], box[0]:box[2]] = 255
    turned = rotate_quarter(page, turn)
    ys, xs = np.nonzero(turned)
    assert rotate_box(box, turn, page.shape) == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_the_sheet_is_the_quadrilateral_edged_along_its_length_not_a_larger_one_crossing_the_desk() -> None:
    """GIVEN generated photos whose bright region runs into the desk's light streaks (a
    certificate: a quadrilateral to two of the frame's corners; an ID card: one taking in
    a wedge of desk), fitted by four corners well enough (0.89-0.92) to be larger than
    the sheet's own smooth outline WHEN the paper is looked for THEN the sheet is the
    quadrilateral whose sides are paper against desk along their length: the certificate
    inside the frame, the card in a card's proportions (85.6 × 54 mm); but a smaller one
    better edged does not cut off what is paper (a sheet's shine)."""
    certificate = _photo("certificate_bright_region_into_desk.webp")
    corners = find_paper(certificate)
    assert corners is not None and clear_of_edges(corners, certificate.shape)
    assert 0.35 < _covers(corners, certificate) < 0.6
    card = _photo("card_bright_region_into_desk.webp")
    corners = find_paper(card)
    assert corners is not None
    tl, tr, br, bl = corners
    long_sides = np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)
    short_sides = np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)
    assert 1.5 < long_sides / short_sides < 1.7
    # A shine across a sheet of card copies: its bright part alone is a smaller
    # quadrilateral edged all along, but what the whole sheet adds to it is smooth paper.
    shine = _photo("card_copy_with_a_shine.webp")
    corners = find_paper(shine)
    assert corners is not None and _covers(corners, shine) > 0.45


def test_edge_support_is_the_share_of_an_outline_that_is_paper_against_desk() -> None:
    """GIVEN a light sheet drawn on a dark desk WHEN its own outline and one twice as wide
    (half on the desk) are measured THEN the sheet's is edged all along, the wide one only
    where it shares the sheet's edges; a sheet running out of the frame is edged all along
    the sides the photo shows."""
    from claimdocs.vision.geometry import edge_support

    desk = np.full((400, 600), 90, np.uint8)
    cv2.rectangle(desk, (150, 100), (350, 300), 220, -1)
    sheet = np.array([[150, 100], [350, 100], [350, 300], [150, 300]], np.float32)
    assert edge_support(desk, sheet) == 1.0
    wide = np.array([[150, 100], [550, 100], [550, 300], [150, 300]], np.float32)
    assert 0.45 < edge_support(desk, wide) < 0.55  # its left side, and half of its top and bottom
    running_off = np.full((400, 600), 90, np.uint8)
    cv2.rectangle(running_off, (0, 100), (350, 300), 220, -1)  # a sheet running out of the frame
    outline = np.array([[0, 100], [350, 100], [350, 300], [0, 300]], np.float32)
    assert edge_support(running_off, outline) == 1.0  # its side on the frame's edge is not counted
