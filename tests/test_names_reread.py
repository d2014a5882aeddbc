"""A name left unread beside its 姓名 label, read again alone (ocr/names.py): real
Tesseract on names rendered as cards print them."""

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from claimdocs.layout import lines_from_words
from claimdocs.model import PageText, TextSource, Word
from claimdocs.ocr import TesseractEngine
from claimdocs.ocr.names import reread_names, unread_name_box
from samples.render import font

DPI = 300.0
PHOTOS = Path(__file__).parent / "resources" / "photos"
LABEL = Word("姓名", (139, 191, 200, 216), 0.87)  # as Tesseract read an ID card's label (s3052-005)


def card_line(name: str, face: str, px: int) -> np.ndarray:
    """A card's 姓名 line at 300 dpi: the small label, the name larger beside it."""
    image = Image.new("L", (900, 300), 238)
    draw = ImageDraw.Draw(image)
    draw.text((139, 189), "姓名", font=font("sans", 24), fill=90)
    draw.text((250, 203 - px // 2 - 4), name, font=font(face, px), fill=20)
    return np.asarray(image)


def page(*words: Word) -> PageText:
    return PageText(TextSource.OCR, lines_from_words(list(words)), 900, 300, 0.8)


def test_an_id_cards_bold_name_that_the_page_reading_dropped_is_read_alone_halved():
    """GIVEN the 姓名 line of a generated ID card scanned grey at 300 dpi (s3052-005), which
    Tesseract reads as the label alone, the bold 林杰东 dropped, and drops again cut out
    at 1× WHEN names are read again THEN 林杰东 is read, halved, beside its label."""
    image = cv2.imread(str(PHOTOS / "id_card_bold_name_line.png"), cv2.IMREAD_GRAYSCALE)
    engine = TesseractEngine()
    first = engine.read(image, DPI)
    assert [line.text for line in first.lines] == ["姓名"]
    read = reread_names(first, image, DPI, engine)
    assert [line.text.replace(" ", "") for line in read.lines] == ["姓名林杰东"]


def test_a_name_left_unread_beside_its_label_is_read_alone():
    """GIVEN an ID card's line read as its label alone, the bold name beside it dropped
    (s3052-005: 林杰东, 33 px, bold), and an insurance card's, its name regular WHEN names
    are read again THEN the name stands beside its label, on the label's line."""
    engine = TesseractEngine()
    for name, face, px in (("林杰东", "sans_bold", 33), ("林杰东", "sans", 30), ("周兰伟", "sans_bold", 33)):
        read = reread_names(page(LABEL), card_line(name, face, px), DPI, engine)
        assert [line.text.replace(" ", "") for line in read.lines] == [f"姓名{name}"], (name, face)


def test_a_name_read_or_no_name_to_read_leaves_the_page_as_it_was():
    """A name read after the label (叶凤了明, however garbled) is not read again; a label
    with nothing printed beside it reads nothing, and the page is as it was."""
    engine = TesseractEngine()
    read = page(LABEL, Word("叶凤了明", (250, 187, 380, 220), 0.6))
    assert unread_name_box(read.lines[0], 900, 300) is None
    assert reread_names(read, card_line("叶凤明", "sans", 30), DPI, engine) is read
    blank = page(LABEL)
    assert reread_names(blank, np.full((300, 900), 238, np.uint8), DPI, engine) is blank


def test_the_name_read_alone_replaces_what_the_page_made_of_it():
    """GIVEN an insurance card whose page reading put the name's characters on the lines
    above and below its label (潘 / 姓名 / 艳, s3043-009) WHEN names are read again THEN
    the name read alone replaces them: 潘艳, not 潘艳艳."""
    above, below = Word("潘", (252, 176, 282, 200), 0.5), Word("艳", (284, 205, 314, 229), 0.6)
    read = reread_names(page(LABEL, above, below), card_line("潘艳", "sans", 30), DPI, TesseractEngine())
    assert "".join(word.text for word in read.words if word is not LABEL) == "潘艳"


def test_a_name_read_as_no_name_is_read_again_alone():
    """GIVEN a 姓名 line whose name the page's reading made into no name, 辣S at 0.00 for
    丁云 (a photo, s3076-008), or 2本人>二六 for 梁兰 (a scan, s3076-006) WHEN names are
    read again THEN the name read alone replaces it beside its label."""
    engine = TesseractEngine()
    for name, garbled in (("丁云", ("辣", "S")), ("梁兰", ("2本人", ">二六"))):
        words = [Word(text, (250 + 40 * i, 187, 285 + 40 * i, 220), 0.0) for i, text in enumerate(garbled)]
        read = reread_names(page(LABEL, *words), card_line(name, "sans", 30), DPI, engine)
        assert [line.text.replace(" ", "") for line in read.lines] == [f"姓名{name}"], name
