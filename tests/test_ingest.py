"""Tests of claimdocs.ingest on real files: made here (good ones) or in resources/hostile."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from claimdocs import errors
from claimdocs.ingest import TEXT_LAYER_DPI, iter_pages, load_page, open_file
from claimdocs.model import FileFormat, TextSource
from claimdocs.settings import Settings

HOSTILE = Path(__file__).parent / "resources" / "hostile"
EXPECTED_ERRORS: dict[str, type[errors.ClaimDocsError]] = {
    "empty.pdf": errors.EmptyFileError,
    "zero-bytes.jpg": errors.EmptyFileError,
    "truncated.pdf": errors.CorruptFileError,
    "encrypted-user-password.pdf": errors.EncryptedPdfError,
    "html-named.pdf": errors.UnsupportedFormatError,
    "text-named.heic": errors.UnsupportedFormatError,
    "png-claims-100000x100000.png": errors.LimitExceededError,
    "jpeg-claims-65000x65000.jpg": errors.LimitExceededError,
    "pdf-2000-blank-pages.pdf": errors.LimitExceededError,
    "truncated.jpg": errors.CorruptFileError,
    "truncated.png": errors.CorruptFileError,
}
# reportlab cannot embed Noto CJK (CFF outlines); the Adobe CID font STSong-Light is
# referenced instead, which gives a real Unicode text layer, as Chinese e-invoices have.
CJK_PDF_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_PDF_FONT))


# --- helpers that make real files -------------------------------------------------------


def make_text_pdf(path: Path, pages: int = 3, rotate: int = 0) -> None:
    """Write a PDF whose page n carries the title 出院证明书 and 第n页 in a Chinese text layer.

    With ``rotate=90`` the page is stored landscape with /Rotate 90 and its content drawn
    turned, so it displays upright (as PDFs of scanned-then-rotated pages do).
    """
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        if rotate == 90:
            pdf.setPageRotation(90)  # reportlab then stores a landscape media box
            pdf.translate(A4[1], 0)
            pdf.rotate(90)
        pdf.setFont(CJK_PDF_FONT, 18)
        pdf.drawString(220, 780, "出院证明书")
        pdf.setFont(CJK_PDF_FONT, 11)
        pdf.drawString(72, 740, f"姓名：张三 住院号：2024081501 第{number}页")
        pdf.drawString(72, 720, "Total 12,345.67 元")
        pdf.drawString(72, 700, "入院日期 2024年08月15日")
        pdf.drawString(400, 700, "出院日期 2024年08月22日")
        pdf.showPage()
    pdf.save()


def make_scanned_pdf(path: Path) -> None:
    """Write a one-page PDF holding only an image (a scan: no text layer)."""
    scan = Image.new("L", (850, 1100), 255)
    scan.paste(0, (100, 100, 700, 140))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(scan), 0, 0, *A4)
    pdf.showPage()
    pdf.save()


def marked_image(size: tuple[int, int] = (300, 400), value: int = 0) -> Image.Image:
    """A white RGB image with a black square in its top-left corner (to see rotations)."""
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste((value, value, value), (10, 10, 60, 60))
    return image


# --- hostile files --------------------------------------------------------------------


def test_hostile_folder_matches_table() -> None:
    """Every hostile file has an expected error, and every expected file exists."""
    assert {p.name for p in HOSTILE.iterdir()} == set(EXPECTED_ERRORS)


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_hostile_file_is_refused_quickly(name: str, settings: Settings) -> None:
    """GIVEN a hostile file WHEN it is opened and its pages loaded THEN the typed error
    comes within a few seconds (no hang, no allocation of a bomb, no raw traceback)."""
    path = HOSTILE / name
    started = time.perf_counter()
    with pytest.raises(EXPECTED_ERRORS[name]) as caught:
        source = open_file(path, settings)
        list(iter_pages(path, source, settings))
    assert time.perf_counter() - started < 3.0
    assert caught.value.file == name and caught.value.message


def test_limit_messages_name_the_limit_and_the_value(settings: Settings) -> None:
    with pytest.raises(errors.LimitExceededError, match=r"10,000,000,000 pixels.*max_pixels"):
        open_file(HOSTILE / "png-claims-100000x100000.png", settings)
    with pytest.raises(errors.LimitExceededError, match=r"2,000 pages.*200 pages.*max_pages_per_file"):
        open_file(HOSTILE / "pdf-2000-blank-pages.pdf", settings)


def test_unsupported_format_message_lists_accepted_formats(settings: Settings) -> None:
    with pytest.raises(errors.UnsupportedFormatError, match="PDF, JPEG, PNG, TIFF, WebP, HEIC"):
        open_file(HOSTILE / "html-named.pdf", settings)


def test_missing_file(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(errors.FileMissingError):
        open_file(tmp_path / "nowhere.pdf", settings)


def test_file_bytes_limit_is_checked_first(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    make_scanned_pdf(path)
    with pytest.raises(errors.LimitExceededError, match="max_file_bytes"):
        open_file(path, Settings(max_file_bytes=1000))


# --- PDFs ---------------------------------------------------------------------------------


def test_digital_pdf_page_has_text_layer_in_pixels(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "discharge.pdf"
    make_text_pdf(path)
    source = open_file(path, settings)
    assert (source.format, source.page_count) == (FileFormat.PDF, 3)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    page = load_page(path, source, 2, settings)  # a worker may load page 2 alone
    text = page.text_layer
    assert page.dpi == TEXT_LAYER_DPI and text is not None and text.source is TextSource.TEXT_LAYER
    assert (text.width, text.height) == (page.image.shape[1], page.image.shape[0])
    assert [line.text for line in text.lines] == [
        "出院证明书", "姓名：张三住院号：2024081501第2页", "Total 12,345.67元",
        "入院日期2024年08月15日 出院日期2024年08月22日"]
    _assert_words_on_ink(page.image, text.words)


def test_rotated_pdf_page_words_land_on_the_rendered_text(tmp_path: Path, settings: Settings) -> None:
    """GIVEN a landscape page with /Rotate 90 WHEN loaded THEN the image is displayed
    upright and every word box covers ink (text coordinates follow the rendering)."""
    path = tmp_path / "rotated.pdf"
    make_text_pdf(path, pages=1, rotate=90)
    page = load_page(path, open_file(path, settings), 1, settings)
    assert page.image.shape[0] > page.image.shape[1]  # portrait as displayed
    assert page.text_layer.lines[0].text == "出院证明书"
    _assert_words_on_ink(page.image, page.text_layer.words)


def _assert_words_on_ink(image: np.ndarray, words) -> None:
    grey = image.min(axis=2)
    for word in words:
        x0, y0, x1, y1 = word.box
        assert grey[y0:y1, x0:x1].min() < 128, f"no ink under {word}"


def test_digital_pdf_page_loads_fast(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "many.pdf"
    make_text_pdf(path, pages=20)
    source = open_file(path, settings)
    load_page(path, source, 1, settings)  # warm-up: fonts and CMaps
    started = time.perf_counter()
    for number in range(1, 21):
        load_page(path, source, number, settings)
    assert (time.perf_counter() - started) / 20 < 0.1


def test_scanned_pdf_page_is_rasterised_without_text(tmp_path: Path) -> None:
    settings = Settings(raster_dpi=150)
    path = tmp_path / "scan.pdf"
    make_scanned_pdf(path)
    source = open_file(path, settings)
    page = load_page(path, source, 1, settings)
    assert page.text_layer is None and page.dpi == 150
    height, width, channels = page.image.shape
    assert abs(height - 841.89 * 150 / 72) <= 1 and abs(width - 595.28 * 150 / 72) <= 1 and channels == 3
    assert page.image.dtype == np.uint8


def test_pdf_with_owner_password_only_is_read(tmp_path: Path, settings: Settings) -> None:
    """A PDF encrypted with an empty user password opens without one: it is accepted."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    path = tmp_path / "owner.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4,
                        encrypt=StandardEncryption("", ownerPassword="owner", canPrint=1))
    pdf.setFont(CJK_PDF_FONT, 12)
    pdf.drawString(72, 760, "医疗住院收费票据 第一联 收据联 交款人：张三")
    pdf.save()
    page = load_page(path, open_file(path, settings), 1, settings)
    assert "医疗住院收费票据" in page.text_layer.text


def test_page_number_out_of_range(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "one.pdf"
    make_text_pdf(path, pages=1)
    with pytest.raises(ValueError):
        load_page(path, open_file(path, settings), 2, settings)


# --- images ---------------------------------------------------------------------------------


def test_png_named_jpg_is_read_as_png(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "photo.jpg"
    marked_image().save(path, "PNG")
    source = open_file(path, settings)
    assert source.format is FileFormat.PNG and source.page_count == 1
    page = load_page(path, source, 1, settings)
    assert page.image.shape == (400, 300, 3) and page.image[30, 30].tolist() == [0, 0, 0]


def test_jpeg_exif_orientation_is_applied(tmp_path: Path, settings: Settings) -> None:
    """GIVEN a phone photo stored sideways with EXIF Orientation 6 (rotate 90° clockwise
    to view) WHEN loaded THEN the image is upright: wide becomes tall, the mark moves."""
    stored = marked_image((400, 300))  # as the sensor stored it: landscape, mark top-left
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "IMG_0001.jpg"
    stored.save(path, "JPEG", exif=exif, quality=95)
    page = load_page(path, open_file(path, settings), 1, settings)
    assert page.image.shape[:2] == (400, 300)
    assert page.image[35, 300 - 35].max() < 60  # top-left mark is now top-right


def test_dpi_from_metadata_when_plausible_else_estimated(tmp_path: Path, settings: Settings) -> None:
    scan = tmp_path / "scan.png"
    Image.new("L", (1240, 1754), 255).save(scan, dpi=(150, 150))  # A4 at 150 dpi
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (3024, 4032), (200, 200, 200)).save(photo, dpi=(72, 72))  # phone style
    assert load_page(scan, open_file(scan, settings), 1, settings).dpi == pytest.approx(150, rel=0.01)
    estimated = load_page(photo, open_file(photo, settings), 1, settings).dpi
    assert estimated == pytest.approx(4032 / 11.69, rel=0.01)


def test_webp_and_heic_are_read(tmp_path: Path, settings: Settings) -> None:
    webp, heic = tmp_path / "a.bin", tmp_path / "b.bin"
    marked_image().save(webp, "WEBP", quality=95)
    pillow_heif.from_pillow(marked_image()).save(heic, quality=95)
    for path, fmt in ((webp, FileFormat.WEBP), (heic, FileFormat.HEIC)):
        source = open_file(path, settings)
        assert source.format is fmt
        page = load_page(path, source, 1, settings)
        assert page.image.shape == (400, 300, 3) and page.image[30, 30].max() < 60


def test_multi_frame_tiff_pages_load_independently(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "batch.tif"
    frames = [marked_image(value=v) for v in (0, 100, 200)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    source = open_file(path, settings)
    assert (source.format, source.page_count) == (FileFormat.TIFF, 3)
    assert load_page(path, source, 2, settings).image[30, 30].tolist() == [100, 100, 100]
    assert [p.ref.page for p in iter_pages(path, source, settings)] == [1, 2, 3]
    with pytest.raises(errors.LimitExceededError, match="max_pages_per_file"):
        open_file(path, Settings(max_pages_per_file=2))


def test_transparent_png_lies_on_white_paper(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "screenshot.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)
    page = load_page(path, open_file(path, settings), 1, settings)
    assert page.image.min() == 255


def test_sixteen_bit_grey_png_is_scaled_not_clipped(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "scan16.png"
    data = np.full((40, 40), 60000, dtype=np.uint16)
    data[:10] = 0
    Image.fromarray(data).save(path)
    image = load_page(path, open_file(path, settings), 1, settings).image
    assert image[0, 0, 0] == 0 and image[30, 30, 0] == 255


def test_corrupt_image_pixels_raise_typed_error_when_loading(tmp_path: Path, settings: Settings) -> None:
    """A WebP whose header is fine but whose data is cut is refused at load time."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 50).save(buffer, "WEBP", quality=90)
    path = tmp_path / "cut.webp"
    path.write_bytes(buffer.getvalue()[:2000])
    with pytest.raises(errors.CorruptFileError):
        source = open_file(path, settings)
        load_page(path, source, 1, settings)


def test_text_layer_matches_an_independent_reader():
    """GIVEN a committed digital PDF (hospital documents with a Chinese text layer) WHEN
    claimdocs reads its text layer through PDFium THEN every page holds the same
    characters pdfplumber (an independent PDF reader) finds, in reading order."""
    import pdfplumber

    from claimdocs import ingest
    from claimdocs.settings import Settings

    path = next(p for p in sorted((Path(__file__).parents[1] / "samples" / "packets").glob("*/*.pdf"))
                if _has_text_layer(p))
    settings = Settings()
    source = ingest.open_file(path, settings)
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            ours = ingest.load_page(path, source, number, settings).text_layer
            theirs = "".join(page.extract_text().split())
            assert ours is not None
            assert "".join(ours.text.split()) == theirs


def _has_text_layer(path: Path) -> bool:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return bool(pdf.pages[0].chars)
